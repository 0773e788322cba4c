package io.lowband.web;

import java.util.Set;

import io.lowband.user.Accounts;
import io.lowband.web.client.ContentSecurityPolicy;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * REST is stateless: every call under {@code /api} but registration, sign-in and the client config carries
 * {@code Authorization: Bearer <token>}. Actuator shows anyone the overall health and the info, and everything
 * else only to operators. Failures answer with a problem detail, like every other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, Accounts accounts, WebSettings settings, ContentSecurityPolicy csp)
			throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.addHeaderWriter(csp))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(HttpMethod.POST, "/api/users", "/api/tokens").permitAll()
				.requestMatchers("/api/config").permitAll()
				.requestMatchers("/api/**").authenticated()
				// Details (the broker's ports, the store's address) only for operators: management.endpoint.health.
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
				.requestMatchers("/actuator/**").hasRole(BearerTokenFilter.OPERATOR)
				.anyRequest().permitAll())
			.addFilterBefore(new BearerTokenFilter(accounts, Set.copyOf(settings.operators())),
					UsernamePasswordAuthenticationFilter.class)
			.exceptionHandling((errors) -> errors
				.authenticationEntryPoint((request, response, ex) -> Problems.write(response, HttpStatus.UNAUTHORIZED,
						"unauthenticated",
						"Sign in first: send Authorization: Bearer <token>, from POST /api/tokens. The token may have expired or been revoked."))
				.accessDeniedHandler((request, response, ex) -> Problems.write(response, HttpStatus.FORBIDDEN,
						"forbidden", "You are not allowed to do that.")));
		return http.build();
	}

	/** Before everything else, Spring Security included, so no filter reads an oversized body. */
	@Bean
	FilterRegistrationBean<BodySizeLimit> bodySizeLimit(WebSettings settings) {
		FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(
				new BodySizeLimit(settings.maxBodySize().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
