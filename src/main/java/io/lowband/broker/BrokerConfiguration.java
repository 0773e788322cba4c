package io.lowband.broker;

import io.lowband.LowbandSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

	@Bean
	MoquetteBroker mqttBroker(BrokerSettings settings, LowbandSettings lowband, ObjectProvider<BrokerAccess> access,
			ObjectProvider<EdgeIntake> intake, ApplicationEventPublisher events, ObjectProvider<MeterRegistry> meters,
			ObjectProvider<SslBundles> bundles) {
		BrokerAccess rules = access.getIfAvailable(() -> new OpenBrokerAccess(settings.allowAnonymous()));
		return new MoquetteBroker(settings, lowband.dataDirFor("broker"), rules,
				intake.getIfAvailable(() -> EdgeIntake.NONE), events, meters.getIfAvailable(SimpleMeterRegistry::new),
				settings.tls() ? tls(settings.sslBundle(), bundles.getObject()) : null);
	}

	/** Fails the start with Boot's own message (naming the bundles there are) when the bundle is not configured. */
	private static TlsContext tls(String name, SslBundles bundles) {
		return new TlsContext(bundles.getBundle(name), name);
	}

	@Bean("broker")
	BrokerHealthIndicator brokerHealthIndicator(MqttBroker broker) {
		return new BrokerHealthIndicator(broker);
	}

}
