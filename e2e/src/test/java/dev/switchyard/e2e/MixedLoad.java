package dev.switchyard.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * Continuous traffic of two kinds through the gateway, bounded in count and time: readers
 * sending idempotent {@code GET /api/whoami}, and shoppers adding a new item to their
 * cart with each non-idempotent {@code POST /api/cart/items}, remembering every item the
 * cluster acknowledged so that a test can check that none was lost. Every request is
 * recorded with its start and end, its status and who served or failed it.
 */
final class MixedLoad implements AutoCloseable {

	/** The items a shopper adds before a new shopper takes over (carts hold 50). */
	private static final int ITEMS_PER_SHOPPER = 40;

	private static final long MAX_REQUESTS = 200_000;

	private static final Duration MAX_TIME = Duration.ofMinutes(3);

	private final String gatewayUrl;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong issued = new AtomicLong();

	private final List<Outcome> outcomes = new ArrayList<>();

	/** Each client thread's outcomes in order, guarded by {@link #outcomes}. */
	private final Map<String, List<Outcome>> threadOutcomes = new HashMap<>();

	private final List<Shopper> shoppers = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private final long origin = System.nanoTime();

	private MixedLoad(String gatewayUrl) {
		this.gatewayUrl = gatewayUrl;
	}

	/**
	 * Start the traffic.
	 * @param gatewayUrl the gateway
	 * @param readers threads sending {@code GET /api/whoami}
	 * @param shoppers threads adding cart items, each as a sequence of shoppers
	 * @return the running load
	 */
	static MixedLoad start(String gatewayUrl, int readers, int shoppers) {
		MixedLoad load = new MixedLoad(gatewayUrl);
		long deadline = System.nanoTime() + MAX_TIME.toNanos();
		for (int i = 0; i < readers; i++) {
			Http http = Http.withoutCookies();
			load.threads.add(Thread.ofPlatform().name("reader-" + i).start(() -> {
				while (load.next(deadline)) {
					load.read(http);
				}
			}));
		}
		for (int i = 0; i < shoppers; i++) {
			String thread = "s" + i;
			load.threads.add(Thread.ofPlatform().name("shopper-" + i).start(() -> {
				Shopper shopper = null;
				for (int item = 0; load.next(deadline); item++) {
					if (item % ITEMS_PER_SHOPPER == 0) {
						shopper = load.newShopper(thread + "-" + (item / ITEMS_PER_SHOPPER));
					}
					load.write(shopper, item);
				}
			}));
		}
		return load;
	}

	private boolean next(long deadline) {
		return this.running.get() && this.issued.incrementAndGet() <= MAX_REQUESTS && System.nanoTime() < deadline;
	}

	private Shopper newShopper(String name) {
		Shopper shopper = new Shopper(name, Http.withCookies());
		synchronized (this.shoppers) {
			this.shoppers.add(shopper);
		}
		return shopper;
	}

	private void read(Http http) {
		long start = System.nanoTime();
		try {
			record(Kind.READ, start, http.get(this.gatewayUrl + "/api/whoami"));
		}
		catch (RuntimeException ex) {
			record(new Outcome(Kind.READ, start, System.nanoTime(), 0, null, null, ex.toString(), null));
			backOff();
		}
	}

	private void write(Shopper shopper, int item) {
		String sku = shopper.name + "-" + item;
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = shopper.http.postJson(this.gatewayUrl + "/api/cart/items",
					"{\"sku\":\"" + sku + "\",\"qty\":1}");
			Outcome outcome = record(Kind.WRITE, start, response);
			if (outcome.succeeded()) {
				shopper.acknowledged.add(sku);
			}
		}
		catch (RuntimeException ex) {
			record(new Outcome(Kind.WRITE, start, System.nanoTime(), 0, null, null, ex.toString(), null));
			backOff();
		}
	}

	/**
	 * Wait a little after a request that got no answer, as a real client would, rather
	 * than spin on a refused connection.
	 */
	private static void backOff() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Outcome record(Kind kind, long start, HttpResponse<String> response) {
		String servedBy = response.headers().firstValue("X-Served-By").orElse(null);
		String failedInstance = null;
		String error = null;
		if (response.statusCode() >= 300) {
			error = response.body();
			failedInstance = upstreamInstance(response).orElse(null);
		}
		return record(new Outcome(kind, start, System.nanoTime(), response.statusCode(), servedBy, failedInstance,
				error, response.headers().firstValue("X-Gateway").orElse(null)));
	}

	private static Optional<String> upstreamInstance(HttpResponse<String> response) {
		try {
			JsonNode problem = Http.json(response);
			return problem.has("upstreamInstance") ? Optional.of(problem.get("upstreamInstance").asString())
					: Optional.empty();
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private Outcome record(Outcome outcome) {
		synchronized (this.outcomes) {
			this.threadOutcomes.computeIfAbsent(Thread.currentThread().getName(), (thread) -> new ArrayList<>())
				.add(outcome);
			this.outcomes.add(outcome);
		}
		return outcome;
	}

	/**
	 * Return the nanoTime this load's clock counts from.
	 * @return {@link System#nanoTime()} when it started
	 */
	long origin() {
		return this.origin;
	}

	/**
	 * Return every request recorded so far.
	 * @return the outcomes, in the order they completed
	 */
	List<Outcome> outcomes() {
		synchronized (this.outcomes) {
			return List.copyOf(this.outcomes);
		}
	}

	/**
	 * Return the requests in flight during a moment on connections to one gateway: each
	 * client thread sends one request at a time over its kept-alive connection, so the
	 * request a thread had in flight went to the gateway that answered its previous
	 * request ({@code X-Gateway}), or it opened a new connection whose gateway is unknown
	 * (counted too, as it may have been that one).
	 * @param from when the moment began, a {@link System#nanoTime()}
	 * @param to when it ended
	 * @param gateway the gateway's name
	 * @return the requests in flight then on that gateway
	 */
	List<Outcome> inFlightOn(long from, long to, String gateway) {
		List<Outcome> inFlight = new ArrayList<>();
		synchronized (this.outcomes) {
			for (List<Outcome> sequence : this.threadOutcomes.values()) {
				for (int i = 0; i < sequence.size(); i++) {
					Outcome outcome = sequence.get(i);
					if (outcome.start() <= to && outcome.end() >= from) {
						String previous = (i > 0) ? sequence.get(i - 1).gateway() : null;
						if (previous == null || previous.equals(gateway)) {
							inFlight.add(outcome);
						}
					}
				}
			}
		}
		return inFlight;
	}

	/**
	 * Count the requests that completed after a moment and match a condition.
	 * @param since a {@link System#nanoTime()}
	 * @param condition what to count
	 * @return how many did
	 */
	long count(long since, Predicate<Outcome> condition) {
		return outcomes().stream().filter((outcome) -> outcome.end() >= since).filter(condition).count();
	}

	/**
	 * Return the shoppers so far, each with the items the cluster acknowledged.
	 * @return the shoppers
	 */
	List<Shopper> shoppers() {
		synchronized (this.shoppers) {
			return List.copyOf(this.shoppers);
		}
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

	/** What a request was. */
	enum Kind {

		/** An idempotent {@code GET /api/whoami}. */
		READ,

		/** A non-idempotent {@code POST /api/cart/items}. */
		WRITE

	}

	/**
	 * One request's outcome.
	 *
	 * @param kind what it was
	 * @param start {@link System#nanoTime()} when it was sent
	 * @param end {@link System#nanoTime()} when its answer or error came
	 * @param status the HTTP status, 0 when no answer came
	 * @param servedBy the instance that answered, from {@code X-Served-By}
	 * @param failedInstance the instance a 5xx problem names as {@code upstreamInstance}
	 * @param error the body of a failed answer or the client's exception
	 * @param gateway the gateway that answered, from {@code X-Gateway}
	 */
	record Outcome(Kind kind, long start, long end, int status, String servedBy, String failedInstance, String error,
			String gateway) {

		boolean succeeded() {
			return this.status >= 200 && this.status < 300;
		}

		Duration elapsed() {
			return Duration.ofNanos(this.end - this.start);
		}

		@Override
		public String toString() {
			return this.kind + " " + this.status + " after " + elapsed().toMillis() + " ms"
					+ ((this.failedInstance != null) ? " on " + this.failedInstance : "")
					+ ((this.error != null) ? ": " + this.error : "");
		}

	}

	/**
	 * A simulated user with a session cookie and the cart items the cluster acknowledged.
	 */
	static final class Shopper {

		private final String name;

		private final Http http;

		private final Set<String> acknowledged = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

		private Shopper(String name, Http http) {
			this.name = name;
			this.http = http;
		}

		String name() {
			return this.name;
		}

		Http http() {
			return this.http;
		}

		Set<String> acknowledged() {
			synchronized (this.acknowledged) {
				return Set.copyOf(this.acknowledged);
			}
		}

	}

}
