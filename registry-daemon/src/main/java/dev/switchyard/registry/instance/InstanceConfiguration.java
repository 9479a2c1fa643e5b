package dev.switchyard.registry.instance;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the {@link InstanceStore} and its metrics.
 */
@Configuration(proxyBeanMethods = false)
public class InstanceConfiguration {

	@Bean
	Clock registryClock() {
		return Clock.systemUTC();
	}

	@Bean
	InstanceStore instanceStore(Clock clock) {
		return new InstanceStore(clock);
	}

	@Bean
	InstanceMetrics instanceMetrics(InstanceStore store) {
		return new InstanceMetrics(store);
	}

}
