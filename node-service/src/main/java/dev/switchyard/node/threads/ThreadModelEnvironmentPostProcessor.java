package dev.switchyard.node.threads;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code node.threads} into Spring Boot's {@code spring.threads.virtual.enabled},
 * ahead of every other source, so that one setting decides: {@code virtual} gives Tomcat
 * a virtual thread per request, {@code platform} its bounded pool of platform threads
 * ({@code server.tomcat.threads.max}), {@code iterative} that pool held at one thread.
 * Boot reads the flag while it configures the web server, which is why this cannot wait
 * for a bean.
 */
public class ThreadModelEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/**
	 * The property that chooses the model.
	 */
	public static final String PROPERTY = "node.threads";

	static final String SOURCE_NAME = "nodeThreadModel";

	static final String VIRTUAL_THREADS = "spring.threads.virtual.enabled";

	static final String MAX_THREADS = "server.tomcat.threads.max";

	static final String MIN_SPARE_THREADS = "server.tomcat.threads.min-spare";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ThreadModel model = threadModel(environment.getProperty(PROPERTY, ThreadModel.VIRTUAL.value()));
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put(VIRTUAL_THREADS, String.valueOf(model == ThreadModel.VIRTUAL));
		if (model == ThreadModel.ITERATIVE) {
			settings.put(MAX_THREADS, "1");
			settings.put(MIN_SPARE_THREADS, "1");
		}
		environment.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, settings));
	}

	static ThreadModel threadModel(String value) {
		return Arrays.stream(ThreadModel.values())
			.filter((model) -> model.value().equals(value.trim().toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					PROPERTY + " (NODE_THREADS) must be 'platform', 'virtual' or 'iterative', was '" + value + "'"));
	}

}
