package dev.switchyard.gateway.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayDrainTests {

	private final List<Object> events = new ArrayList<>();

	@Test
	void shouldFailReadinessAndKeepAcceptingForTheWindowWhenStopped() {
		GatewayDrain drain = new GatewayDrain(this.events::add, Duration.ofMillis(300));
		drain.start();

		long started = System.nanoTime();
		drain.stop();
		long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

		assertThat(drain.isDraining()).isTrue();
		assertThat(drain.isRunning()).isFalse();
		assertThat(tookMillis).isGreaterThanOrEqualTo(290);
		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(AvailabilityChangeEvent.class,
					(event) -> assertThat(event.getState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC));
	}

	@Test
	void shouldStopBeforeTheWebServerAndAfterTheRegistration() {
		GatewayDrain drain = new GatewayDrain(this.events::add, Duration.ZERO);

		int phase = drain.getPhase();

		// the web server's graceful shutdown stops at DEFAULT_PHASE - 1024, the
		// registration (which marks the gateway DRAINING) at DEFAULT_PHASE
		assertThat(phase).isGreaterThan(SmartLifecycle.DEFAULT_PHASE - 1024).isLessThan(SmartLifecycle.DEFAULT_PHASE);
	}

	@Test
	void shouldAnswerConnectionCloseOnlyWhileDraining() {
		GatewayDrain drain = new GatewayDrain(this.events::add, Duration.ZERO);
		ConnectionCloseWebFilter filter = new ConnectionCloseWebFilter(drain);

		MockServerWebExchange before = exchangeThrough(filter);
		drain.stop();
		MockServerWebExchange during = exchangeThrough(filter);

		assertThat(before.getResponse().getHeaders().getConnection()).isEmpty();
		assertThat(during.getResponse().getHeaders().getFirst(HttpHeaders.CONNECTION)).isEqualTo("close");
	}

	private static MockServerWebExchange exchangeThrough(ConnectionCloseWebFilter filter) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/whoami"));
		WebFilterChain chain = (served) -> served.getResponse().setComplete();
		StepVerifier.create(filter.filter(exchange, chain)).verifyComplete();
		return exchange;
	}

}
