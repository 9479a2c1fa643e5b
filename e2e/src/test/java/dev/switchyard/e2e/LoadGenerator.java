package dev.switchyard.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Continuous GET load from several client threads, bounded in count and time, recording
 * every failure and which instance served each success.
 */
public final class LoadGenerator implements AutoCloseable {

	private static final long MAX_REQUESTS = 50_000;

	private static final Duration MAX_TIME = Duration.ofMinutes(3);

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong issued = new AtomicLong();

	private final LongAdder succeeded = new LongAdder();

	private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

	private final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();

	private final List<Thread> threads = new ArrayList<>();

	private LoadGenerator() {
	}

	public static LoadGenerator start(String url, int clients) {
		LoadGenerator load = new LoadGenerator();
		long deadline = System.nanoTime() + MAX_TIME.toNanos();
		for (int i = 0; i < clients; i++) {
			Http http = Http.withoutCookies();
			load.threads.add(Thread.ofPlatform().name("load-" + i).start(() -> {
				while (load.running.get() && load.issued.incrementAndGet() <= MAX_REQUESTS
						&& System.nanoTime() < deadline) {
					load.request(http, url);
				}
			}));
		}
		return load;
	}

	private void request(Http http, String url) {
		try {
			HttpResponse<String> response = http.get(url);
			if (response.statusCode() == 200) {
				this.succeeded.increment();
				String node = response.headers().firstValue("X-Served-By").orElse("?");
				this.servedBy.computeIfAbsent(node, (key) -> new LongAdder()).increment();
			}
			else {
				this.failures.add(response.statusCode() + " " + response.body());
			}
		}
		catch (RuntimeException ex) {
			this.failures.add(ex.toString());
		}
	}

	public long succeeded() {
		return this.succeeded.sum();
	}

	public List<String> failures() {
		synchronized (this.failures) {
			return List.copyOf(this.failures);
		}
	}

	long servedBy(String instanceId) {
		LongAdder count = this.servedBy.get(instanceId);
		return (count != null) ? count.sum() : 0;
	}

	@Override
	public void close() {
		this.running.set(false);
		for (Thread thread : this.threads) {
			try {
				thread.join(Duration.ofSeconds(15));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
