package dev.switchyard.registry;

import dev.switchyard.registry.api.BlockingQueries;
import dev.switchyard.registry.api.LimitsProperties;
import dev.switchyard.registry.api.RequestBodyLimitConfiguration;
import dev.switchyard.registry.instance.InstanceConfiguration;
import dev.switchyard.registry.kv.KeyValueConfiguration;
import dev.switchyard.registry.kv.KeyValueProperties;
import dev.switchyard.registry.lease.LeaseProperties;
import dev.switchyard.registry.security.RegistrySecurityProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} of the registry needs besides the web layer: the store and
 * the properties that {@code @ConfigurationPropertiesScan} registers in the application,
 * and the request body limit.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({ LeaseProperties.class, LimitsProperties.class, RegistrySecurityProperties.class,
		KeyValueProperties.class })
@Import({ InstanceConfiguration.class, KeyValueConfiguration.class, BlockingQueries.class,
		RequestBodyLimitConfiguration.class })
public class WebSliceTestConfiguration {

	@Bean
	SimpleMeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

}
