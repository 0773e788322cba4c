package io.lowband;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/** Each direct subpackage of io.lowband is a module; a dependency that points the wrong way fails the build. */
class ModularityTests {

	@Test
	void modulesDependOnlyOnEachOthersPublicApi() {
		ApplicationModules.of(LowbandApplication.class).verify();
	}

}
