package io.lowband.broker;

import io.lowband.LowbandSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

	@Bean
	MoquetteBroker mqttBroker(BrokerSettings settings, LowbandSettings lowband, ObjectProvider<BrokerAccess> access,
			ObjectProvider<EdgeIntake> intake, ApplicationEventPublisher events, ObjectProvider<MeterRegistry> meters) {
		BrokerAccess rules = access.getIfAvailable(() -> new OpenBrokerAccess(settings.allowAnonymous()));
		return new MoquetteBroker(settings, lowband.dataDirFor("broker"), rules,
				intake.getIfAvailable(() -> EdgeIntake.NONE), events, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean("broker")
	BrokerHealthIndicator brokerHealthIndicator(MqttBroker broker) {
		return new BrokerHealthIndicator(broker);
	}

}
