package io.lowband.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;

/** Accounts, passwords and access tokens: who someone is. */
@Service
public class Accounts {

	/** Usernames appear in MQTT topic levels, so they never hold {@code /}, {@code +} or {@code #}. */
	public static final String USERNAME_PATTERN = "[a-z0-9][a-z0-9_.-]{2,31}";

	private static final Pattern USERNAME = Pattern.compile(USERNAME_PATTERN);

	private static final int SEARCH_LIMIT = 20;

	private final AccountRepository accounts;

	private final AccessTokenRepository tokens;

	private final MongoTemplate mongo;

	private final BCryptPasswordEncoder passwords;

	private final UserSettings settings;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	Accounts(AccountRepository accounts, AccessTokenRepository tokens, MongoTemplate mongo, UserSettings settings) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.mongo = mongo;
		this.settings = settings;
		this.passwords = new BCryptPasswordEncoder(settings.bcryptStrength());
		this.clock = Clock.systemUTC();
	}

	public UserView register(String username, String password, String displayName) {
		if (!isValidUsername(username)) {
			throw new IllegalArgumentException("A username is 3 to 32 characters: a-z, 0-9, _, . and -.");
		}
		String name = (displayName == null || displayName.isBlank()) ? username : displayName.strip();
		try {
			return accounts.insert(new Account(username, passwords.encode(password), name, clock.instant())).view();
		}
		catch (DuplicateKeyException ex) {
			throw new UsernameTaken(username);
		}
	}

	public IssuedToken signIn(String username, String password) {
		Account account = accounts.findById(username == null ? "" : username)
			.filter((a) -> passwords.matches(password, a.passwordHash()))
			.orElseThrow(BadCredentials::new);
		byte[] secret = new byte[32];
		random.nextBytes(secret);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant expiresAt = clock.instant().plus(settings.tokenTtl());
		tokens.insert(new AccessToken(hash(token), account.username(), expiresAt, false));
		return new IssuedToken(token, expiresAt, account.view());
	}

	/** The username a token belongs to, if it is known, unexpired and not revoked. */
	public Optional<String> userForToken(String token) {
		if (token == null || token.isEmpty()) {
			return Optional.empty();
		}
		return tokens.findById(hash(token)).filter((t) -> t.isValidAt(clock.instant())).map(AccessToken::username);
	}

	public void revoke(String token) {
		tokens.findById(hash(token)).ifPresent((t) -> tokens.save(new AccessToken(t.hash(), t.username(), t.expiresAt(), true)));
	}

	/** MQTT clients sign in with a username and either an access token or the account password. */
	public boolean checkSecret(String username, byte[] secret) {
		if (username == null || secret == null || !isValidUsername(username)) {
			return false;
		}
		String text = new String(secret, StandardCharsets.UTF_8);
		if (userForToken(text).filter(username::equals).isPresent()) {
			return true;
		}
		return accounts.findById(username).filter((a) -> passwords.matches(text, a.passwordHash())).isPresent();
	}

	public Optional<UserView> find(String username) {
		return accounts.findById(username).map(Account::view);
	}

	public boolean exists(String username) {
		return username != null && accounts.existsById(username);
	}

	/** People whose username starts with, or whose display name contains, the query. */
	public List<UserView> search(String query) {
		String quoted = Pattern.quote(query == null ? "" : query.strip().toLowerCase(java.util.Locale.ROOT));
		Query q = Query.query(new Criteria().orOperator(Criteria.where("_id").regex("^" + quoted),
				Criteria.where("displayName").regex(quoted, "i")))
			.with(Sort.by("_id"))
			.limit(SEARCH_LIMIT);
		return mongo.find(q, Account.class).stream().map(Account::view).toList();
	}

	public static boolean isValidUsername(String username) {
		return username != null && USERNAME.matcher(username).matches();
	}

	private static String hash(String token) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
