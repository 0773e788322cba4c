package io.lowband.web;

import java.nio.charset.StandardCharsets;

import io.lowband.user.Accounts;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * REST is stateless: every call under {@code /api} but registration, sign-in and the client config carries
 * {@code Authorization: Bearer <token>}. Failures answer with a problem detail, like every other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, Accounts accounts) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(HttpMethod.POST, "/api/users", "/api/tokens").permitAll()
				.requestMatchers("/api/config").permitAll()
				.requestMatchers("/api/**").authenticated()
				.anyRequest().permitAll())
			.addFilterBefore(new BearerTokenFilter(accounts), UsernamePasswordAuthenticationFilter.class)
			.exceptionHandling((errors) -> errors
				.authenticationEntryPoint((request, response, ex) -> writeProblem(response, 401, "unauthenticated",
						"Sign in first: send Authorization: Bearer <token>, from POST /api/tokens. The token may have expired or been revoked."))
				.accessDeniedHandler((request, response, ex) -> writeProblem(response, 403, "forbidden",
						"You are not allowed to do that.")));
		return http.build();
	}

	private static void writeProblem(HttpServletResponse response, int status, String kind, String detail)
			throws java.io.IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		// The texts are constants, so no JSON escaping is needed.
		response.getWriter()
			.write("{\"type\":\"" + Problems.type(kind) + "\",\"title\":\""
					+ org.springframework.http.HttpStatus.valueOf(status).getReasonPhrase() + "\",\"status\":" + status
					+ ",\"detail\":\"" + detail + "\"}");
	}

}
