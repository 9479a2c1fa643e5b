package dev.switchyard.gateway.balancer.policy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the cost of one pick of each policy, with a few and with many instances. Run by
 * {@code bench/policy-picks}; compiled, never run, by {@code ./mvnw verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyPickBenchmark {

	@Param({ PolicyCatalog.ROUND_ROBIN, PolicyCatalog.WEIGHTED_ROUND_ROBIN, PolicyCatalog.RANDOM,
			PolicyCatalog.LEAST_CONNECTIONS, PolicyCatalog.P2C, PolicyCatalog.EWMA, PolicyCatalog.IP_HASH,
			PolicyCatalog.CONSISTENT_HASH, PolicyCatalog.STICKY_COOKIE })
	public String policy;

	@Param({ "3", "300" })
	public int instances;

	private LoadBalancingPolicy picker;

	private Candidates candidates;

	private BalancingRequest request;

	@Setup
	public void setUp() throws Exception {
		BalancerStatistics statistics = BalancerStatistics.withDefaults(System::nanoTime);
		byte[] key = "benchmark-key-of-32-bytes-length".getBytes(StandardCharsets.US_ASCII);
		this.picker = new PolicyCatalog(statistics, key).create(this.policy);
		this.candidates = Candidates.of(TestInstances.nodes(this.instances));
		// a client that already holds its affinity cookie, as most requests of a session
		// do
		String cookie = new StickyCookiePolicy(key).cookie(this.candidates.available().get(0)).getValue();
		this.request = BalancingRequest.builder(TestInstances.SERVICE)
			.routeId("api")
			.uri(URI.create("http://gateway/api/whoami?user=42"))
			.header("Accept", "application/json")
			.cookie(StickyCookiePolicy.COOKIE_NAME, cookie)
			.clientAddress(InetAddress.getByName("192.0.2.17"))
			.build();
		for (int i = 0; i < 1000; i++) {
			this.picker.choose(this.candidates, this.request);
		}
	}

	@Benchmark
	public Selection pick() {
		return this.picker.choose(this.candidates, this.request);
	}

}
