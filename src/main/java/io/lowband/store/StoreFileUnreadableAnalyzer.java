package io.lowband.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a damaged store file as one sentence naming the file, and what to do, instead of a stack trace. */
class StoreFileUnreadableAnalyzer extends AbstractFailureAnalyzer<StoreFileUnreadable> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StoreFileUnreadable cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
