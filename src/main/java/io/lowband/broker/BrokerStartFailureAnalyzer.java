package io.lowband.broker;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a broker start failure as a sentence and a fix instead of a stack trace. */
class BrokerStartFailureAnalyzer extends AbstractFailureAnalyzer<BrokerStartFailed> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BrokerStartFailed cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
