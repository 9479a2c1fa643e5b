package dev.switchyard.node.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Subscribes this node to the jobs' control channel without holding up its start: a node
 * must start, and serve what does not need Redis, while Redis is away. A virtual thread
 * keeps trying until the first subscription succeeds; from then on Lettuce reconnects and
 * subscribes again by itself. (Spring Data's {@code RedisMessageListenerContainer} fails
 * the application's start instead when Redis cannot be reached.)
 */
@Component
public class JobControlSubscriber implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JobControlSubscriber.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration MAX_RETRY = Duration.ofSeconds(2);

	private final RedisConnectionFactory connectionFactory;

	private final JobControlListener listener;

	private final byte[] channel;

	private volatile boolean running;

	private volatile @Nullable Thread subscriber;

	private volatile @Nullable RedisConnection connection;

	JobControlSubscriber(RedisConnectionFactory connectionFactory, JobRunner runner, JobProperties properties) {
		this.connectionFactory = connectionFactory;
		this.listener = new JobControlListener(runner);
		this.channel = properties.controlChannel().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void start() {
		this.running = true;
		this.subscriber = Thread.ofVirtual().name("job-control-subscriber").start(this::subscribe);
	}

	private void subscribe() {
		Duration backoff = FIRST_RETRY;
		boolean warned = false;
		while (this.running) {
			RedisConnection candidate = null;
			try {
				candidate = this.connectionFactory.getConnection();
				candidate.subscribe(this.listener, this.channel);
				this.connection = candidate;
				logger.info("Subscribed to the job control channel");
				return;
			}
			catch (RuntimeException ex) {
				close(candidate);
				if (!this.running) {
					return;
				}
				if (!warned) {
					logger.warn("Cannot subscribe to the job control channel yet, retrying: " + ex.getMessage());
					warned = true;
				}
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					return;
				}
				backoff = (backoff.compareTo(MAX_RETRY) < 0) ? backoff.multipliedBy(2) : MAX_RETRY;
			}
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.subscriber;
		if (thread != null) {
			thread.interrupt();
		}
		close(this.connection);
		this.connection = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static void close(@Nullable RedisConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				// going away anyway
			}
		}
	}

}
