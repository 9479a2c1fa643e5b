package dev.switchyard.gateway.balancer.attempt;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

import io.netty.handler.timeout.ReadTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.netty.channel.AbortedException;

/**
 * Tells apart the ways an attempt fails: a request that never left the gateway, which any
 * method may resend, one whose connection broke after it was sent, and a timeout.
 */
public final class AttemptFailures {

	/**
	 * Reactor Netty's message when a pooled connection was closed before the request went
	 * out.
	 */
	private static final String CLOSED_BEFORE_SEND = AbortedException.beforeSend().getMessage();

	private AttemptFailures() {
	}

	/**
	 * Whether the request never reached the instance: the connection could not be made,
	 * or a pooled connection turned out closed before anything was written to it (the
	 * instance died, or closed it, while it sat in the pool). Such a request may be sent
	 * elsewhere whatever its method.
	 * @param error the attempt's error
	 * @return whether nothing was sent
	 */
	public static boolean isConnectFailure(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
					|| cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
				return true;
			}
			if (cause instanceof AbortedException && CLOSED_BEFORE_SEND.equals(cause.getMessage())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the connection broke, possibly after the instance received the request.
	 * @param error the attempt's error
	 * @return whether the connection broke
	 */
	public static boolean isBrokenConnection(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			// reactor-netty's PrematureCloseException, a connection reset...
			if (cause instanceof IOException || cause instanceof AbortedException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the response timeout among the error's causes.
	 * @param error the attempt's error
	 * @return the timeout, or {@code null}
	 */
	public static @Nullable Throwable timeout(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			// gateway.upstream.response-timeout, on the connection's event loop, or what
			// the routing filter raises when Spring Cloud Gateway's response timeout
			// passes
			if (cause instanceof ReadTimeoutException
					|| cause instanceof org.springframework.cloud.gateway.support.TimeoutException) {
				return cause;
			}
		}
		return null;
	}

	/**
	 * Return the outcome's name in the attempt metrics.
	 * @param error the attempt's error
	 * @return {@code connect}, {@code broken}, {@code timeout} or {@code error}
	 */
	static String name(Throwable error) {
		if (isConnectFailure(error)) {
			return "connect";
		}
		if (isBrokenConnection(error)) {
			return "broken";
		}
		return (timeout(error) != null) ? "timeout" : "error";
	}

	static String message(Throwable error) {
		if (error instanceof ReadTimeoutException) {
			// Netty's has no message: say which setting it is
			return "longer than gateway.upstream.response-timeout";
		}
		String message = error.getMessage();
		return (message != null) ? message : error.getClass().getSimpleName();
	}

}
