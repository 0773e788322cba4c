package io.lowband.user.web;

import java.security.Principal;
import java.util.List;

import io.lowband.user.Accounts;
import io.lowband.user.IssuedToken;
import io.lowband.user.UnknownUser;
import io.lowband.user.UserView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UserController {

	private final Accounts accounts;

	UserController(Accounts accounts) {
		this.accounts = accounts;
	}

	@PostMapping("/api/users")
	@ResponseStatus(HttpStatus.CREATED)
	UserView register(@Valid @RequestBody Registration registration) {
		return accounts.register(registration.username(), registration.password(), registration.displayName());
	}

	@PostMapping("/api/tokens")
	IssuedToken signIn(@Valid @RequestBody SignIn signIn, HttpServletRequest request) {
		return accounts.signIn(signIn.username(), signIn.password(), request.getRemoteAddr());
	}

	@DeleteMapping("/api/tokens/current")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void signOut(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
		accounts.revoke(authorization.substring(authorization.indexOf(' ') + 1).strip());
	}

	@GetMapping("/api/users/me")
	UserView me(Principal principal) {
		return accounts.find(principal.getName()).orElseThrow(() -> new UnknownUser(principal.getName()));
	}

	@GetMapping("/api/users")
	List<UserView> search(@RequestParam(defaultValue = "") String query) {
		return accounts.search(query);
	}

	record Registration(
			@NotBlank @Pattern(regexp = Accounts.USERNAME_PATTERN,
					message = "must be 3 to 32 characters: a-z, 0-9, _, . and -, starting with a letter or digit") String username,
			@NotBlank @Size(min = 8, max = 128, message = "must be 8 to 128 characters") String password,
			@Size(max = 64) String displayName) {
	}

	record SignIn(@NotBlank String username, @NotBlank String password) {
	}

}
