package io.lowband.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
import org.springframework.stereotype.Service;

/** Accounts, passwords and access tokens: who someone is. */
@Service
public class Accounts {

	/** Usernames appear in MQTT topic levels, so they never hold {@code /}, {@code +} or {@code #}. */
	public static final String USERNAME_PATTERN = "[a-z0-9][a-z0-9_.-]{2,31}";

	private static final Pattern USERNAME = Pattern.compile(USERNAME_PATTERN);

	private static final int SEARCH_LIMIT = 20;

	private final AccountRepository accounts;

	private final KnownTokens knownTokens;

	private final MongoTemplate mongo;

	private final Passwords passwords;

	private final SignInThrottle throttle;

	private final UserSettings settings;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	Accounts(AccountRepository accounts, KnownTokens knownTokens, MongoTemplate mongo, UserSettings settings,
			SignInThrottle throttle) {
		this.accounts = accounts;
		this.knownTokens = knownTokens;
		this.mongo = mongo;
		this.settings = settings;
		this.passwords = new Passwords(settings.bcryptStrength());
		this.throttle = throttle;
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

	/**
	 * REST sign-in with the account password. Throws {@link BadCredentials}, or {@link RateLimited} after too many
	 * failures for this username or from this address (then the password is not even checked).
	 */
	public IssuedToken signIn(String username, String password, String address) {
		Account account = verifyPassword(username, password, address).orElseThrow(BadCredentials::new);
		byte[] secret = new byte[32];
		random.nextBytes(secret);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant expiresAt = clock.instant().plus(settings.tokenTtl());
		knownTokens.issue(new AccessToken(hash(token), account.username(), expiresAt, false));
		return new IssuedToken(token, expiresAt, account.view());
	}

	/** The username a token belongs to, if it is known, unexpired and not revoked. */
	public Optional<String> userForToken(String token) {
		if (token == null || token.isEmpty()) {
			return Optional.empty();
		}
		return findToken(hash(token)).filter((t) -> t.isValidAt(clock.instant())).map(AccessToken::username);
	}

	/** Ends a token; announces {@link TokenRevoked} so that connections signed in with it end too. */
	public void revoke(String token) {
		knownTokens.revoke(hash(token));
	}

	/**
	 * MQTT sign-in: username plus an access token or the account password. Blocking (BCrypt): never call it on a
	 * network I/O thread. A valid token is accepted even while the account is throttled, so that someone guessing
	 * passwords cannot lock its devices out; a token is 256 random bits, nothing to guess. For the same reason a
	 * revoked or expired token of this user is refused without counting as a failure: a device that keeps
	 * reconnecting with it is not guessing, and must not lock its owner out of password sign-ins.
	 * @param address the client's IP address as text, may be null
	 */
	public SecretCheck checkSecret(String username, byte[] secret, String address) {
		if (username == null || secret == null) {
			return SecretCheck.refused();
		}
		String text = new String(secret, StandardCharsets.UTF_8);
		Optional<AccessToken> token = text.isEmpty() ? Optional.empty()
				: findToken(hash(text)).filter((t) -> t.username().equals(username));
		if (token.isPresent()) {
			return token.get().isValidAt(clock.instant()) ? SecretCheck.token(token.get()) : SecretCheck.refused();
		}
		try {
			return verifyPassword(username, text, address).isPresent() ? SecretCheck.password() : SecretCheck.refused();
		}
		catch (RateLimited ex) {
			return SecretCheck.throttled(ex.retryAfter());
		}
	}

	/**
	 * The account this password opens. Unknown usernames cost the same BCrypt time as known ones, and count against
	 * the same limits, so neither timing nor throttling tells which names exist.
	 */
	private Optional<Account> verifyPassword(String username, String password, String address) {
		Optional<Duration> wait = throttle.reserve(username, address);
		if (wait.isPresent()) {
			long seconds = Math.max(1, wait.get().plusMillis(999).toSeconds());
			throw new RateLimited("too-many-attempts",
					"Too many failed sign-ins. Try again in " + seconds + " seconds.", wait.get());
		}
		Optional<Account> account = isValidUsername(username) ? accounts.findById(username) : Optional.empty();
		boolean matches = account.isPresent() ? passwords.matches(password, account.get().passwordHash())
				: passwords.matchesNothing(password);
		if (!matches) {
			return Optional.empty();
		}
		throttle.succeeded(username, address);
		if (passwords.isLegacy(account.get().passwordHash())) {
			Account old = account.get();
			accounts.save(new Account(old.username(), passwords.encode(password), old.displayName(), old.createdAt()));
		}
		return account;
	}

	private Optional<AccessToken> findToken(String hash) {
		return knownTokens.find(hash);
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
