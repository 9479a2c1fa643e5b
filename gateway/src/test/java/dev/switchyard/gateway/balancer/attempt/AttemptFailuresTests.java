package dev.switchyard.gateway.balancer.attempt;

import java.io.IOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import reactor.netty.channel.AbortedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the retry stage tells a request that never left the gateway, which any method may
 * resend, from one whose connection broke after it was sent.
 */
class AttemptFailuresTests {

	@Test
	void shouldTreatAPooledConnectionClosedBeforeSendingAsNothingSent() {
		Throwable closedInPool = new IllegalStateException(AbortedException.beforeSend());

		assertThat(AttemptFailures.isConnectFailure(closedInPool)).isTrue();
	}

	@Test
	void shouldTreatARefusedConnectionAsNothingSent() {
		assertThat(AttemptFailures.isConnectFailure(new ConnectException("Connection refused"))).isTrue();
	}

	@Test
	void shouldTreatAConnectionBrokenAfterSendingAsMaybeProcessed() {
		Throwable closedBeforeAnswer = new IOException("Connection prematurely closed BEFORE response");
		Throwable aborted = new AbortedException("Connection reset by peer");

		assertThat(AttemptFailures.isConnectFailure(closedBeforeAnswer)).isFalse();
		assertThat(AttemptFailures.isConnectFailure(aborted)).isFalse();
		assertThat(AttemptFailures.isBrokenConnection(closedBeforeAnswer)).isTrue();
		assertThat(AttemptFailures.isBrokenConnection(aborted)).isTrue();
	}

}
