package dev.switchyard.gateway.balancer;

import java.io.IOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import reactor.netty.channel.AbortedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the retrying filter tells a request that never left the gateway, which any method
 * may resend, from one whose connection broke after it was sent.
 */
class RetryingLoadBalancerClientFilterTests {

	@Test
	void shouldTreatAPooledConnectionClosedBeforeSendingAsNothingSent() {
		Throwable closedInPool = new IllegalStateException(AbortedException.beforeSend());

		assertThat(RetryingLoadBalancerClientFilter.isConnectFailure(closedInPool)).isTrue();
	}

	@Test
	void shouldTreatARefusedConnectionAsNothingSent() {
		assertThat(RetryingLoadBalancerClientFilter.isConnectFailure(new ConnectException("Connection refused")))
			.isTrue();
	}

	@Test
	void shouldTreatAConnectionBrokenAfterSendingAsMaybeProcessed() {
		Throwable closedBeforeAnswer = new IOException("Connection prematurely closed BEFORE response");
		Throwable aborted = new AbortedException("Connection reset by peer");

		assertThat(RetryingLoadBalancerClientFilter.isConnectFailure(closedBeforeAnswer)).isFalse();
		assertThat(RetryingLoadBalancerClientFilter.isConnectFailure(aborted)).isFalse();
		assertThat(RetryingLoadBalancerClientFilter.isBrokenConnection(closedBeforeAnswer)).isTrue();
		assertThat(RetryingLoadBalancerClientFilter.isBrokenConnection(aborted)).isTrue();
	}

}
