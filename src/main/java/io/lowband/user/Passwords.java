package io.lowband.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password hashes. BCrypt reads at most 72 bytes, so a longer password would either be refused or have its tail
 * ignored. New hashes therefore run BCrypt over the base64 SHA-256 of the whole password (44 bytes, never a NUL),
 * marked with {@value #PREFIX}. Hashes stored before that are plain BCrypt and keep working for the passwords they
 * can have been made from: those of at most 72 bytes.
 * <p>
 * At most one BCrypt computation per core runs at a time, whoever asks (MQTT sign-ins, REST sign-ins, sign-ups):
 * the threads that check MQTT connects are many, because a token check mostly waits for the store, and a storm of
 * password guesses must not turn them all into hashing threads.
 */
final class Passwords {

	static final String PREFIX = "{sha256-bcrypt}";

	private static final int BCRYPT_MAX_BYTES = 72;

	private final BCryptPasswordEncoder bcrypt;

	private final Semaphore hashing = new Semaphore(Runtime.getRuntime().availableProcessors());

	/** Checked against when there is no account, so an unknown username costs as much time as a known one. */
	private final String dummy;

	Passwords(int strength) {
		this.bcrypt = new BCryptPasswordEncoder(strength);
		this.dummy = encode("no account has this password");
	}

	String encode(String password) {
		return PREFIX + hashing(() -> bcrypt.encode(preHash(password)));
	}

	boolean matches(String password, String stored) {
		if (password == null || stored == null) {
			return false;
		}
		if (stored.startsWith(PREFIX)) {
			return hashing(() -> bcrypt.matches(preHash(password), stored.substring(PREFIX.length())));
		}
		// A legacy hash: BCrypt would throw for more bytes, and no such password can have made it.
		return password.getBytes(StandardCharsets.UTF_8).length <= BCRYPT_MAX_BYTES
				&& hashing(() -> bcrypt.matches(password, stored));
	}

	/** Whether a stored hash is of the old kind, to be replaced at the next successful sign-in. */
	boolean isLegacy(String stored) {
		return !stored.startsWith(PREFIX);
	}

	/** Spends the time of a real check and refuses: for usernames with no account. */
	boolean matchesNothing(String password) {
		matches(password == null ? "" : password, dummy);
		return false;
	}

	private <T> T hashing(Supplier<T> work) {
		hashing.acquireUninterruptibly();
		try {
			return work.get();
		}
		finally {
			hashing.release();
		}
	}

	private static String preHash(String password) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
