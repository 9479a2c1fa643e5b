package dev.switchyard.node.threads;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * Publishes the thread model as {@code node_threads{model="virtual"} 1}, so that a
 * dashboard can tell which model produced which latencies.
 */
@Component
public class ThreadModelMetrics implements MeterBinder {

	private final ThreadModel model;

	ThreadModelMetrics(ThreadsProperties properties) {
		this.model = properties.threads();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("node.threads", () -> 1)
			.description("The thread model serving requests, as the model tag")
			.tag("model", this.model.value())
			.register(registry);
	}

}
