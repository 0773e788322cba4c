package io.lowband.store;

import org.h2.mvstore.MVStore;

/**
 * Turns off H2's own assert statements for the store benchmarks. Tests run with {@code -ea} and the app never does,
 * and H2 checks its bookkeeping in asserts, one of them a walk over every chunk of the file on each commit: with
 * them on, a durable single insert cost about a third more CPU (StoreBenchmark, 2026-12-02), and more as the file
 * grows. It works only before H2's classes load, so each benchmark calls it from its static initializer and
 * prints {@link #describe()} with its figures.
 */
final class H2AssertionsOff {

	private H2AssertionsOff() {
	}

	static void apply() {
		H2AssertionsOff.class.getClassLoader().setPackageAssertionStatus("org.h2", false);
	}

	static String describe() {
		return "H2 assertions " + (MVStore.class.desiredAssertionStatus() ? "ON (figures too low)" : "off");
	}

}
