package dev.switchyard.test.spelling;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the probe of reached handlers in a WebFlux application under test, as its last
 * filter.
 */
@Configuration(proxyBeanMethods = false)
public class ReachedHandlersWebFluxConfiguration {

	@Bean
	ReachedHandlers reachedHandlers() {
		return new ReachedHandlers();
	}

	@Bean
	ReachedHandlersWebFilter reachedHandlersWebFilter(ReachedHandlers reachedHandlers) {
		return new ReachedHandlersWebFilter(reachedHandlers);
	}

}
