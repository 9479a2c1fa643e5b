package dev.switchyard.node.session;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.session.autoconfigure.SessionTimeout;
import org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * The session store: {@link ScriptedRedisSessionRepository} in place of Spring Session's
 * Redis repository (Spring Boot's stands aside for it), configured by the same
 * {@code spring.session.*} properties, behind Spring Session's usual filter.
 */
@Configuration(proxyBeanMethods = false)
@EnableSpringHttpSession
class SessionRepositoryConfiguration {

	@Bean
	ScriptedRedisSessionRepository sessionRepository(RedisConnectionFactory connectionFactory,
			SessionTimeout sessionTimeout, SessionDataRedisProperties properties) {
		RedisTemplate<String, Object> redis = new RedisTemplate<>();
		redis.setKeySerializer(RedisSerializer.string());
		redis.setHashKeySerializer(RedisSerializer.string());
		redis.setConnectionFactory(connectionFactory);
		redis.afterPropertiesSet();
		// what Spring Session's own repository writes values with, so that either reads
		// the other's
		ScriptedRedisSessionRepository repository = new ScriptedRedisSessionRepository(redis,
				RedisSerializer.java(SessionRepositoryConfiguration.class.getClassLoader()), Clock.systemUTC());
		Duration timeout = sessionTimeout.getTimeout();
		if (timeout != null) {
			repository.setDefaultMaxInactiveInterval(timeout);
		}
		repository.setRedisKeyNamespace(properties.getNamespace());
		repository.setFlushMode(properties.getFlushMode());
		repository.setSaveMode(properties.getSaveMode());
		return repository;
	}

	@Bean
	SessionRequestScopeFilter sessionRequestScopeFilter(ScriptedRedisSessionRepository repository) {
		return new SessionRequestScopeFilter(repository);
	}

}
