package io.lowband.user;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTests {

	private final Passwords passwords = new Passwords(4);

	@Test
	void aPasswordOf128CharactersIsCheckedToTheLastCharacter() {
		String longest = "p".repeat(127) + "!";
		String stored = passwords.encode(longest);

		assertThat(passwords.matches(longest, stored)).isTrue();
		assertThat(passwords.matches("p".repeat(127) + "?", stored)).isFalse();
		assertThat(passwords.matches("p".repeat(127), stored)).isFalse();
	}

	@Test
	void the72ByteBcryptLimitNoLongerAcceptsAnySuffix() {
		String seventyTwo = "a".repeat(72);
		String stored = passwords.encode(seventyTwo);

		assertThat(passwords.matches(seventyTwo, stored)).isTrue();
		assertThat(passwords.matches(seventyTwo + "anything", stored)).isFalse();
	}

	@Test
	void hashesMadeByPlainBcryptStillWork() {
		String stored = new BCryptPasswordEncoder(4).encode("an old password");

		assertThat(passwords.isLegacy(stored)).isTrue();
		assertThat(passwords.matches("an old password", stored)).isTrue();
		assertThat(passwords.matches("another password", stored)).isFalse();
		assertThat(passwords.matches("x".repeat(100), stored)).isFalse();
	}

	@Test
	void newHashesAreMarkedAndSaltedAndNeverMatchNothing() {
		String first = passwords.encode("same password");

		assertThat(first).startsWith(Passwords.PREFIX);
		assertThat(passwords.isLegacy(first)).isFalse();
		assertThat(passwords.encode("same password")).isNotEqualTo(first);
		assertThat(passwords.matchesNothing("same password")).isFalse();
	}

}
