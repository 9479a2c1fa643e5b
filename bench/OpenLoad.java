import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator (bench/OpenLoad.java): requests arrive at a fixed rate,
 * whether or not the earlier ones have been answered, as users of a service do; a
 * closed-loop client (hey, wrk) instead waits for each answer and so offers less as the
 * latency grows, which hides a collapse.
 *
 * <pre>
 *   java bench/OpenLoad.java URL RATE SECONDS TIMEOUT_MS KEYS
 * </pre>
 *
 * Sends RATE requests per second for SECONDS to URL (each with {@code k=1..KEYS} in turn
 * appended), each given up after TIMEOUT_MS; prints one line per request, "offset-seconds
 * latency-ms status" (status 0 for a timeout or a failure), the latency counted from the
 * moment the request was due (no coordinated omission).
 */
public final class OpenLoad {

	public static void main(String[] args) throws Exception {
		String url = args[0];
		double rate = Double.parseDouble(args[1]);
		double seconds = Double.parseDouble(args[2]);
		Duration timeout = Duration.ofMillis(Long.parseLong(args[3]));
		int keys = (args.length > 4) ? Integer.parseInt(args[4]) : 1;
		String sep = url.contains("?") ? "&" : "?";
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(timeout)
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
		long total = (long) (rate * seconds);
		long intervalNanos = (long) (1e9 / rate);
		ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
		CountDownLatch done = new CountDownLatch((int) total);
		long start = System.nanoTime();
		for (long i = 0; i < total; i++) {
			long due = start + i * intervalNanos;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			HttpRequest request = HttpRequest.newBuilder(URI.create(url + sep + "k=" + (1 + i % keys)))
				.timeout(timeout)
				.GET()
				.build();
			client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
				long now = System.nanoTime();
				int status = (error == null) ? response.statusCode() : 0;
				lines.add(String.format("%.4f %.2f %d", (due - start) / 1e9, (now - due) / 1e6, status));
				done.countDown();
			});
		}
		done.await(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
		PrintStream out = System.out;
		lines.forEach(out::println);
		out.flush();
		System.exit(0);
	}

}
