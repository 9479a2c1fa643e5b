package dev.switchyard.node.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * Makes the Redis-backed session fail fast and recover on its own, and keeps requests
 * that do not use the session from touching Redis at all.
 */
@Configuration(proxyBeanMethods = false)
public class SessionStoreConfiguration {

	static final String COOKIE_NAME = "SESSION";

	private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(50);

	private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

	@Bean
	DefaultCookieSerializerCustomizer sessionCookieCustomizer(NodeSessionProperties properties) {
		return (serializer) -> {
			serializer.setCookieName(COOKIE_NAME);
			serializer.setUseHttpOnlyCookie(true);
			serializer.setSameSite("Lax");
			serializer.setUseSecureCookie(properties.secureCookie());
		};
	}

	/**
	 * While the connection is down, reject commands at once instead of queueing them
	 * until the command timeout: a session call then answers 503 immediately.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (builder) -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/**
	 * Reconnect within a second of Redis coming back, rather than after Lettuce's default
	 * backoff of up to 30 seconds.
	 */
	@Bean
	ClientResourcesBuilderCustomizer quickRedisReconnect() {
		return (builder) -> builder
			.reconnectDelay(Delay.exponential(FIRST_RECONNECT_DELAY, MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS));
	}

	/**
	 * Replaces Spring MVC's session-backed flash map manager: the node never redirects,
	 * and that manager looks the session up in Redis on every request that carries a
	 * {@code SESSION} cookie, which would make stateless endpoints fail with Redis.
	 */
	@Bean
	static BeanPostProcessor statelessFlashMapManagerPostProcessor() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof SessionFlashMapManager) ? new NoFlashMapManager() : bean;
			}

		};
	}

	/**
	 * A flash map manager that keeps no flash attributes.
	 */
	static final class NoFlashMapManager implements FlashMapManager {

		@Override
		public @Nullable FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
			return null;
		}

		@Override
		public void saveOutputFlashMap(FlashMap flashMap, HttpServletRequest request, HttpServletResponse response) {
		}

	}

}
