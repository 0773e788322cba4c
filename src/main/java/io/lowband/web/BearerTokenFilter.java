package io.lowband.web;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import io.lowband.user.Accounts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs a request in when it carries a valid access token; leaves it anonymous otherwise. Operators (a setting)
 * also get the OPERATOR role, which Actuator asks for.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	static final String OPERATOR = "OPERATOR";

	private static final String PREFIX = "Bearer ";

	private static final List<GrantedAuthority> OPERATOR_ROLES = List.of(new SimpleGrantedAuthority("ROLE_" + OPERATOR));

	private final Accounts accounts;

	private final Set<String> operators;

	BearerTokenFilter(Accounts accounts, Set<String> operators) {
		this.accounts = accounts;
		this.operators = operators;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			accounts.userForToken(header.substring(PREFIX.length()).strip())
				.ifPresent((username) -> SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(username, null,
							operators.contains(username) ? OPERATOR_ROLES : List.of())));
		}
		chain.doFilter(request, response);
	}

}
