package dev.switchyard.node.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.switchyard.test.RedisMonitor;
import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.FlushMode;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The session store against a real Redis, next to Spring Session's own repository on the
 * same keys.
 */
class ScriptedRedisSessionRepositoryTests {

	private static final TestRedis redis = TestRedis.start();

	private static final Duration LEASE = Duration.ofMinutes(30);

	private LettuceConnectionFactory connectionFactory;

	private ScriptedRedisSessionRepository repository;

	/** Spring Session's own repository, on the same keys. */
	private SessionRepository<Session> springSession;

	private RedisTemplate<String, Object> template;

	@BeforeEach
	void connect() {
		redis.flushAll();
		this.connectionFactory = new LettuceConnectionFactory(redis.host(), redis.port());
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		this.template = template;
		template.setKeySerializer(RedisSerializer.string());
		template.setHashKeySerializer(RedisSerializer.string());
		template.setConnectionFactory(this.connectionFactory);
		template.afterPropertiesSet();
		this.repository = new ScriptedRedisSessionRepository(template,
				RedisSerializer.java(getClass().getClassLoader()), Clock.systemUTC());
		this.repository.setDefaultMaxInactiveInterval(LEASE);
		RedisSessionRepository springSession = new RedisSessionRepository(template);
		springSession.setDefaultMaxInactiveInterval(LEASE);
		this.springSession = cast(springSession);
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void shouldReadWhatSpringSessionWrote() {
		Session written = this.springSession.createSession();
		written.setAttribute("cart", "apple");
		this.springSession.save(written);

		Session read = this.repository.findById(written.getId());

		assertThat(read).isNotNull();
		assertThat(read.<String>getAttribute("cart")).isEqualTo("apple");
		assertThat(read.getCreationTime()).isEqualTo(written.getCreationTime().truncatedTo(ChronoUnit.MILLIS));
		assertThat(read.getMaxInactiveInterval()).isEqualTo(LEASE);
	}

	@Test
	void shouldWriteWhatSpringSessionReads() {
		ScriptedRedisSessionRepository.RedisSession written = this.repository.createSession();
		written.setAttribute("cart", "pear");
		this.repository.save(written);

		Session read = this.springSession.findById(written.getId());

		assertThat(read).isNotNull();
		assertThat(read.<String>getAttribute("cart")).isEqualTo("pear");
		assertThat(read.getMaxInactiveInterval()).isEqualTo(LEASE);
		assertThat(leaseLeft(written.getId())).isBetween(LEASE.minusSeconds(5), LEASE);
	}

	@Test
	void shouldRecordTheAccessAndRenewTheLeaseWhenReading() {
		ScriptedRedisSessionRepository.RedisSession written = this.repository.createSession();
		written.setAttribute("cart", "fig");
		this.repository.save(written);
		redis.command("PEXPIRE " + key(written.getId()) + " 1000");
		Instant before = Instant.now();

		this.repository.findById(written.getId());

		assertThat(leaseLeft(written.getId())).isBetween(LEASE.minusSeconds(5), LEASE);
		assertThat(this.springSession.findById(written.getId()).getLastAccessedTime())
			.isAfterOrEqualTo(before.minusMillis(1));
	}

	@Test
	void shouldNotWriteAnUnchangedSession() {
		ScriptedRedisSessionRepository.RedisSession written = this.repository.createSession();
		written.setAttribute("cart", "kiwi");
		this.repository.save(written);
		ScriptedRedisSessionRepository.RedisSession read = this.repository.findById(written.getId());
		redis.command("DEL " + key(written.getId()));

		read.setLastAccessedTime(Instant.now());
		this.repository.save(read);

		assertThat(redis.command("EXISTS " + key(written.getId()))).isEqualTo(":0");
	}

	@Test
	void shouldRenameTheSessionWhenItsIdChanges() {
		ScriptedRedisSessionRepository.RedisSession written = this.repository.createSession();
		written.setAttribute("cart", "plum");
		this.repository.save(written);
		String before = written.getId();
		ScriptedRedisSessionRepository.RedisSession read = this.repository.findById(before);

		String after = read.changeSessionId();
		read.setAttribute("cart", "plum and lime");
		this.repository.save(read);

		assertThat(this.repository.findById(before)).isNull();
		assertThat(this.repository.findById(after).<String>getAttribute("cart")).isEqualTo("plum and lime");
	}

	@Test
	void shouldRemoveAnAttribute() {
		ScriptedRedisSessionRepository.RedisSession written = this.repository.createSession();
		written.setAttribute("cart", "lemon");
		written.setAttribute("note", "kept");
		this.repository.save(written);
		ScriptedRedisSessionRepository.RedisSession read = this.repository.findById(written.getId());

		read.removeAttribute("cart");
		this.repository.save(read);

		Session again = this.repository.findById(written.getId());
		assertThat(again.getAttributeNames()).containsExactly("note");
		assertThat(redis.command("HEXISTS " + key(written.getId()) + " sessionAttr:cart")).isEqualTo(":0");
	}

	@Test
	void shouldNotBringBackASessionThatWasInvalidatedMeanwhile() {
		this.repository.setFlushMode(FlushMode.IMMEDIATE);
		ScriptedRedisSessionRepository.RedisSession written = this.repository.createSession();
		written.setAttribute("cart", "melon");
		ScriptedRedisSessionRepository.RedisSession read = this.repository.findById(written.getId());
		this.repository.deleteById(written.getId());

		assertThatIllegalStateException().isThrownBy(() -> read.setAttribute("cart", "melon and grape"))
			.withMessage("Session was invalidated");
		assertThat(redis.command("EXISTS " + key(written.getId()))).isEqualTo(":0");
	}

	@Test
	void shouldForgetASessionWhoseLastAccessIsOlderThanItsLease() {
		Session written = this.springSession.createSession();
		written.setAttribute("cart", "date");
		this.springSession.save(written);
		// Redis would let the key expire; a clock or a lease that disagrees must not
		// revive it
		this.template.opsForHash()
			.put(key(written.getId()), "lastAccessedTime", Instant.now().minus(LEASE).minusSeconds(60).toEpochMilli());

		assertThat(this.repository.findById(written.getId())).isNull();
		assertThat(redis.command("EXISTS " + key(written.getId()))).isEqualTo(":0");
	}

	@Test
	void shouldReadASessionOnceWithinARequestScope() {
		ScriptedRedisSessionRepository.RedisSession written = this.repository.createSession();
		written.setAttribute("cart", "grape");
		this.repository.save(written);
		String id = written.getId();

		Session first;
		Session again;
		try (ScriptedRedisSessionRepository.RequestScope scope = this.repository.openRequestScope()) {
			first = this.repository.findById(id);
			redis.command("DEL " + key(id));
			again = this.repository.findById(id);
		}
		Session afterwards = this.repository.findById(id);

		assertThat(first).isNotNull();
		assertThat(again).isNotNull();
		assertThat(again.<String>getAttribute("cart")).isEqualTo("grape");
		assertThat(afterwards).isNull();
	}

	@Test
	void shouldKnowWithoutAskingRedisThatARenamedSessionsOldIdIsGone() {
		ScriptedRedisSessionRepository.RedisSession written = this.repository.createSession();
		written.setAttribute("cart", "lime");
		this.repository.save(written);
		String before = written.getId();

		List<String> lookedUp;
		Session old;
		try (ScriptedRedisSessionRepository.RequestScope scope = this.repository.openRequestScope();
				RedisMonitor monitor = RedisMonitor.start(redis)) {
			ScriptedRedisSessionRepository.RedisSession read = this.repository.findById(before);
			read.changeSessionId();
			this.repository.save(read);
			Session[] found = new Session[1];
			lookedUp = monitor.commandsDuring(() -> found[0] = this.repository.findById(before), before);
			old = found[0];
		}

		assertThat(old).isNull();
		assertThat(lookedUp).isEmpty();
	}

	@Test
	void shouldNotKeepADeletedSessionInTheRequestScope() {
		ScriptedRedisSessionRepository.RedisSession written = this.repository.createSession();
		written.setAttribute("cart", "apricot");
		this.repository.save(written);

		Session again;
		try (ScriptedRedisSessionRepository.RequestScope scope = this.repository.openRequestScope()) {
			this.repository.findById(written.getId());
			this.repository.deleteById(written.getId());
			again = this.repository.findById(written.getId());
		}

		assertThat(again).isNull();
	}

	@Test
	void shouldNotWaitForRedisAgainAfterAWriteFailedInTheSameRequest() {
		LettuceConnectionFactory quick = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(300)).build());
		quick.afterPropertiesSet();
		quick.start();
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		template.setKeySerializer(RedisSerializer.string());
		template.setConnectionFactory(quick);
		template.afterPropertiesSet();
		ScriptedRedisSessionRepository repository = new ScriptedRedisSessionRepository(template,
				RedisSerializer.java(getClass().getClassLoader()), Clock.systemUTC());
		repository.setFlushMode(FlushMode.IMMEDIATE);
		ScriptedRedisSessionRepository.RedisSession session = repository.createSession();
		session.setAttribute("warm", "up");

		List<String> sent;
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			sent = monitor.commandsDuring(() -> {
				redis.freeze();
				try {
					assertThatExceptionOfType(QueryTimeoutException.class)
						.isThrownBy(() -> session.setAttribute("cart", "peach"));
					assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> repository.save(session));
					assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> repository.save(session));
				}
				finally {
					redis.resume();
				}
			}, session.getId());
		}
		finally {
			quick.destroy();
		}

		assertThat(sent).hasSize(1);
	}

	@Test
	void shouldWriteANewSessionWithItsFirstAttributeInImmediateMode() {
		this.repository.setFlushMode(FlushMode.IMMEDIATE);

		ScriptedRedisSessionRepository.RedisSession created = this.repository.createSession();
		String afterCreate = redis.command("EXISTS " + key(created.getId()));
		created.setAttribute("cart", "cherry");

		assertThat(afterCreate).isEqualTo(":0");
		assertThat(this.springSession.findById(created.getId()).<String>getAttribute("cart")).isEqualTo("cherry");
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static SessionRepository<Session> cast(SessionRepository<?> repository) {
		return (SessionRepository) repository;
	}

	private static String key(String id) {
		return "spring:session:sessions:" + id;
	}

	private static Duration leaseLeft(String id) {
		return Duration.ofMillis(Long.parseLong(redis.command("PTTL " + key(id)).substring(1)));
	}

}
