package dev.switchyard.registry.kv;

import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.registry.instance.InstanceStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the {@link KeyValueStore} over the registry's index.
 */
@Configuration(proxyBeanMethods = false)
public class KeyValueConfiguration {

	@Bean
	KeyValueStore keyValueStore(InstanceStore registry, KeyValueProperties properties) {
		return new KeyValueStore(registry, properties, JsonMapper.builder().build());
	}

}
