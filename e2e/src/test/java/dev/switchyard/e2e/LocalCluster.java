package dev.switchyard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchyard.test.FreePorts;
import dev.switchyard.test.TestRedis;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A whole cluster of real processes on loopback ports: a redis-server, the registry
 * daemon, node services and the gateway, each started from its executable jar.
 */
public final class LocalCluster implements AutoCloseable {

	private static final Path ROOT = Path.of(System.getProperty("switchyard.root", "..")).toAbsolutePath().normalize();

	private static final Duration STARTUP = Duration.ofSeconds(300);

	private final TestRedis redis;

	private final int registryPort = FreePorts.find();

	private final int gatewayPort = FreePorts.find();

	private final String registryToken = UUID.randomUUID().toString();

	private final String adminToken = UUID.randomUUID().toString();

	/** One SY_NODE key for every gateway of the tier, as bin/cluster gives them. */
	private final String stickySecrets = UUID.randomUUID().toString();

	private final Path logs;

	private final Map<String, ManagedProcess> nodes = new LinkedHashMap<>();

	private final List<ManagedProcess> others = new ArrayList<>();

	private final Http http = Http.withoutCookies();

	private final Map<String, String> gatewayEnvironment;

	private ManagedProcess registry;

	private ManagedProcess gateway;

	private final Map<String, ManagedProcess> tierGateways = new LinkedHashMap<>();

	private final Map<String, Integer> tierPorts = new LinkedHashMap<>();

	private ManagedProcess haproxy;

	private int haproxyHealthPort;

	private int successors;

	private LocalCluster(TestRedis redis, Map<String, String> gatewayEnvironment) {
		this.redis = redis;
		this.gatewayEnvironment = Map.copyOf(gatewayEnvironment);
		try {
			this.logs = Files.createDirectories(ROOT.resolve("e2e/target/cluster-logs/" + System.currentTimeMillis()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static LocalCluster start(int nodeCount) {
		return start(nodeCount, Map.of());
	}

	/**
	 * Start a cluster whose gateway gets more environment variables.
	 * @param nodeCount the nodes to start
	 * @param gatewayEnvironment more environment variables of the gateway, e.g. a short
	 * response timeout
	 * @return the started cluster
	 */
	static LocalCluster start(int nodeCount, Map<String, String> gatewayEnvironment) {
		return start(nodeCount, gatewayEnvironment, TestRedis.start());
	}

	/**
	 * Start a cluster on a private Redis with an append-only file synced on every write,
	 * for tests that kill Redis and start it again.
	 * @param nodeCount the nodes to start
	 * @return the started cluster
	 */
	static LocalCluster startWithDurableRedis(int nodeCount) {
		return start(nodeCount, Map.of(), TestRedis.startDurable());
	}

	/**
	 * Start a cluster with a layer-4 tier: gateways {@code gateway-1} … on ports of their
	 * own, and HAProxy ({@code haproxy/haproxy.cfg}) on {@link #gatewayUrl()} in front.
	 * @param nodeCount the nodes to start
	 * @param gatewayCount the gateways to start
	 * @return the started cluster
	 */
	static LocalCluster startWithGatewayTier(int nodeCount, int gatewayCount) {
		LocalCluster cluster = new LocalCluster(TestRedis.start(), Map.of());
		try {
			cluster.startRegistry();
			for (int i = 1; i <= nodeCount; i++) {
				cluster.startNode("node-" + i);
			}
			for (int i = 1; i <= gatewayCount; i++) {
				cluster.tierPorts.put("gateway-" + i, FreePorts.find());
				cluster.startTierGateway("gateway-" + i);
			}
			cluster.startHaproxy();
			cluster.awaitUpNodes(nodeCount);
			for (String name : cluster.tierGateways.keySet()) {
				cluster.awaitTierGateway(name);
			}
			await().atMost(STARTUP)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> cluster.http.get(cluster.gatewayUrl() + "/api/whoami").statusCode() == 200);
			return cluster;
		}
		catch (RuntimeException | Error ex) {
			cluster.close();
			throw ex;
		}
	}

	private static LocalCluster start(int nodeCount, Map<String, String> gatewayEnvironment, TestRedis redis) {
		LocalCluster cluster = new LocalCluster(redis, gatewayEnvironment);
		try {
			cluster.startRegistry();
			for (int i = 1; i <= nodeCount; i++) {
				cluster.startNode("node-" + i);
			}
			cluster.startGateway();
			cluster.awaitUpNodes(nodeCount);
			cluster.awaitGatewayRoutes();
			return cluster;
		}
		catch (RuntimeException | Error ex) {
			cluster.close();
			throw ex;
		}
	}

	private void startRegistry() {
		this.registry = java("registry", "registry-daemon",
				Map.of("REGISTRY_PORT", String.valueOf(this.registryPort), "REGISTRY_TOKEN", this.registryToken));
		awaitHealthy(this.registry, registryUrl() + "/actuator/health");
	}

	ManagedProcess startNode(String instanceId) {
		return startNode(instanceId, Map.of());
	}

	/**
	 * Start one more node; it registers by itself.
	 * @param instanceId its instance id
	 * @param extraEnvironment more environment variables, e.g. {@code NODE_WEIGHT}
	 * @return the node's process
	 */
	ManagedProcess startNode(String instanceId, Map<String, String> extraEnvironment) {
		Map<String, String> env = new HashMap<>();
		env.put("NODE_PORT", "0");
		env.put("INSTANCE_ID", instanceId);
		env.put("REDIS_URL", this.redis.url());
		env.put("REGISTRY_URL", registryUrl());
		env.put("REGISTRY_TOKEN", this.registryToken);
		env.put("ADMIN_TOKEN", this.adminToken);
		env.putAll(extraEnvironment);
		ManagedProcess node = java(instanceId, "node-service", env);
		this.nodes.put(instanceId, node);
		return node;
	}

	/**
	 * Stop the gateway with SIGTERM (a graceful shutdown) and wait for it to exit.
	 */
	void stopGateway() {
		this.gateway.terminate();
		if (!this.gateway.awaitExit(60)) {
			throw new IllegalStateException(this.gateway + " did not exit within 60 s of SIGTERM");
		}
	}

	/**
	 * Start the gateway again on the same port after {@link #stopGateway()} and wait
	 * until it routes.
	 */
	void restartGateway() {
		startGateway();
		awaitGatewayRoutes();
	}

	private void startGateway() {
		Map<String, String> env = new HashMap<>(this.gatewayEnvironment);
		env.put("GATEWAY_PORT", String.valueOf(this.gatewayPort));
		env.put("REGISTRY_URL", registryUrl());
		env.put("ADMIN_TOKEN", this.adminToken);
		// registers as service gateway under the name bin/cluster gives a single gateway
		env.putIfAbsent("INSTANCE_ID", "gateway-1");
		// lets the console drain an instance through the registry
		env.putIfAbsent("REGISTRY_TOKEN", this.registryToken);
		this.gateway = java("gateway", "gateway", env);
	}

	private ManagedProcess startTierGateway(String name) {
		ManagedProcess process = java(name, "gateway", tierGatewayEnvironment(name));
		this.tierGateways.put(name, process);
		return process;
	}

	private Map<String, String> tierGatewayEnvironment(String name) {
		Map<String, String> env = new HashMap<>(this.gatewayEnvironment);
		env.put("GATEWAY_PORT", String.valueOf(this.tierPorts.get(name)));
		env.put("INSTANCE_ID", name);
		// HAProxy sends the PROXY protocol from 127.0.0.1
		env.put("GATEWAY_BALANCER_TRUSTEDPROXIES", "127.0.0.1");
		env.put("REGISTRY_URL", registryUrl());
		env.put("ADMIN_TOKEN", this.adminToken);
		env.put("REGISTRY_TOKEN", this.registryToken);
		env.putIfAbsent("GATEWAY_STICKY_SECRETS", this.stickySecrets);
		return env;
	}

	private void startHaproxy() {
		this.haproxyHealthPort = FreePorts.find();
		Path config = this.logs.resolve("haproxy.cfg");
		try {
			Files.writeString(config, haproxyConfig(this.tierPorts));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			this.haproxy = ManagedProcess.start("haproxy", List.of("haproxy", "-db", "-f", config.toString()),
					Map.of("HAPROXY_BIND", "127.0.0.1:" + this.gatewayPort, "HAPROXY_HEALTH_BIND",
							"127.0.0.1:" + this.haproxyHealthPort),
					this.logs);
		}
		catch (UncheckedIOException ex) {
			throw new IllegalStateException("The gateway tier needs HAProxy: apt-get install -y haproxy", ex);
		}
		this.others.add(this.haproxy);
	}

	/**
	 * Return {@code haproxy/haproxy.cfg} with the gateways on these ports as its servers,
	 * as {@code bin/cluster} writes it.
	 * @param ports the gateways' ports by name
	 * @return the configuration
	 */
	static String haproxyConfig(Map<String, Integer> ports) {
		String template;
		try {
			template = Files.readString(ROOT.resolve("haproxy/haproxy.cfg"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int marker = template.indexOf("\n", template.indexOf("---- servers"));
		StringBuilder config = new StringBuilder(template.substring(0, marker + 1));
		config.append("    default-server inter 500ms fall 2 rise 2\n");
		ports.forEach((name, port) -> config.append("    server ")
			.append(name)
			.append(" 127.0.0.1:")
			.append(port)
			.append(" check send-proxy-v2 check-send-proxy\n"));
		return config.toString();
	}

	private void awaitTierGateway(String name) {
		awaitHealthy(this.tierGateways.get(name), tierGatewayUrl(name) + "/actuator/health/readiness");
		awaitHaproxySees(name, "UP");
	}

	/**
	 * Wait until HAProxy's checks see a gateway in a state.
	 * @param name the gateway
	 * @param state {@code UP} or {@code DOWN}
	 */
	void awaitHaproxySees(String name, String state) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> haproxyState(name).startsWith(state));
	}

	private String haproxyState(String name) {
		String csv = this.http.get("http://127.0.0.1:" + this.haproxyHealthPort + "/stats;csv").body();
		for (String line : csv.split("\n")) {
			String[] fields = line.split(",", -1);
			// pxname, svname, …, status is the 18th field
			if (fields.length > 17 && fields[0].equals("gateways") && fields[1].equals(name)) {
				return fields[17];
			}
		}
		return "";
	}

	/**
	 * Stop a gateway of the tier with SIGTERM and wait for it to exit.
	 * @param name the gateway
	 */
	void stopTierGateway(String name) {
		ManagedProcess process = this.tierGateways.get(name);
		process.terminate();
		if (!process.awaitExit(60)) {
			throw new IllegalStateException(process + " did not exit within 60 s of SIGTERM");
		}
	}

	/**
	 * Kill a gateway of the tier with SIGKILL.
	 * @param name the gateway
	 */
	void killTierGateway(String name) {
		ManagedProcess process = this.tierGateways.get(name);
		process.kill();
		process.awaitExit(30);
	}

	/**
	 * Start a gateway of the tier again on its port and wait until HAProxy sends it
	 * connections.
	 * @param name the gateway
	 */
	void startTierGatewayAgain(String name) {
		startTierGateway(name);
		awaitTierGateway(name);
	}

	/**
	 * Replace a gateway of the tier as {@code bin/cluster restart} does: its successor
	 * binds the same port ({@code SO_REUSEPORT}), and once it is ready the old process
	 * gets SIGTERM and drains.
	 * @param name the gateway
	 */
	void replaceTierGateway(String name) {
		ManagedProcess old = this.tierGateways.get(name);
		this.successors++;
		ManagedProcess successor = java(name + "-successor-" + this.successors, "gateway",
				tierGatewayEnvironment(name));
		await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).failFast(() -> {
			if (!successor.isAlive()) {
				throw new IllegalStateException(successor + " exited:\n" + successor.logTail());
			}
		}).until(() -> successor.logContains("Started GatewayApplication"));
		awaitHealthy(successor, tierGatewayUrl(name) + "/actuator/health/readiness");
		this.tierGateways.put(name, successor);
		old.terminate();
		if (!old.awaitExit(60)) {
			throw new IllegalStateException(old + " did not exit within 60 s of SIGTERM");
		}
	}

	/**
	 * Return a gateway's own URL, without the layer-4 tier.
	 * @param name the gateway, e.g. {@code gateway-1}
	 * @return {@code http://127.0.0.1:port}
	 */
	String tierGatewayUrl(String name) {
		return "http://127.0.0.1:" + this.tierPorts.get(name);
	}

	ManagedProcess tierGateway(String name) {
		return this.tierGateways.get(name);
	}

	/**
	 * Start one more gateway on a free port of its own, fed by the cluster's registry
	 * with its tokens, and wait until it routes.
	 * @param name the process name, e.g. {@code gateway-2}
	 * @param extraEnvironment more environment variables, e.g.
	 * {@code GATEWAY_STICKY_SECRETS}
	 * @return the gateway's URL
	 */
	String startExtraGateway(String name, Map<String, String> extraEnvironment) {
		int port = FreePorts.find();
		Map<String, String> env = new HashMap<>(extraEnvironment);
		env.put("GATEWAY_PORT", String.valueOf(port));
		env.put("REGISTRY_URL", registryUrl());
		env.put("ADMIN_TOKEN", this.adminToken);
		env.putIfAbsent("REGISTRY_TOKEN", this.registryToken);
		ManagedProcess gateway = java(name, "gateway", env);
		String url = "http://127.0.0.1:" + port;
		awaitHealthy(gateway, url + "/actuator/health");
		await().atMost(STARTUP)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.http.get(url + "/api/whoami").statusCode() == 200);
		return url;
	}

	private ManagedProcess java(String name, String module, Map<String, String> environment) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = List.of(java, "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-Djava.net.preferIPv4Stack=true", "-jar", jar(module).toString());
		ManagedProcess process = ManagedProcess.start(name, command, environment, this.logs);
		this.others.add(process);
		return process;
	}

	private static Path jar(String module) {
		Path target = ROOT.resolve(module).resolve("target");
		try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
			for (Path jar : jars) {
				return jar;
			}
		}
		catch (IOException ex) {
			// reported below
		}
		throw new IllegalStateException("No executable jar of " + module + " in " + target
				+ "; the e2e tests run after the modules are packaged: ./mvnw verify");
	}

	private void awaitHealthy(ManagedProcess process, String url) {
		try {
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).failFast(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException(process + " exited:\n" + process.logTail());
				}
			}).until(() -> {
				try {
					return this.http.get(url).statusCode() == 200;
				}
				catch (RuntimeException ex) {
					return false;
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			// a process that runs but never answers: its threads say why
			process.appendThreadDump();
			throw ex;
		}
	}

	void awaitUpNodes(int count) {
		await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).failFast(() -> {
			for (ManagedProcess node : this.nodes.values()) {
				if (!node.isAlive() && upInstanceIds().contains(node.name())) {
					throw new IllegalStateException(node + " exited:\n" + node.logTail());
				}
			}
		}).until(() -> upInstanceIds().size() == count);
	}

	private void awaitGatewayRoutes() {
		awaitHealthy(this.gateway, gatewayUrl() + "/actuator/health");
		await().atMost(STARTUP)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.http.get(gatewayUrl() + "/api/whoami").statusCode() == 200);
	}

	public List<String> upInstanceIds() {
		List<String> ids = new ArrayList<>();
		for (JsonNode instance : instances()) {
			if ("UP".equals(instance.path("status").asString())) {
				ids.add(instance.path("instanceId").asString());
			}
		}
		return ids;
	}

	List<String> instanceIds() {
		List<String> ids = new ArrayList<>();
		instances().forEach((instance) -> ids.add(instance.path("instanceId").asString()));
		return ids;
	}

	private JsonNode instances() {
		return Http.json(this.http.get(registryUrl() + "/v1/services/node-service")).path("instances");
	}

	/**
	 * Return a node's own URL, as registered, to call it without the gateway.
	 * @param instanceId the node's instance id
	 * @return {@code http://host:port}
	 */
	String nodeUrl(String instanceId) {
		for (JsonNode instance : instances()) {
			if (instanceId.equals(instance.path("instanceId").asString())) {
				return "http://" + instance.path("host").asString() + ":" + instance.path("port").asInt();
			}
		}
		throw new IllegalStateException(instanceId + " is not registered");
	}

	/**
	 * Make a node slow or failing through its {@code /admin/chaos}.
	 * @param instanceId the node
	 * @param settings the chaos as JSON, e.g. {@code {"errorRate":1.0}}
	 */
	void chaos(String instanceId, String settings) {
		HttpResponse<String> response = send("PUT", nodeUrl(instanceId) + "/admin/chaos", this.adminToken, settings);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Chaos on " + instanceId + ": " + response.body());
		}
	}

	/**
	 * Clear a node's chaos.
	 * @param instanceId the node
	 */
	void clearChaos(String instanceId) {
		send("DELETE", nodeUrl(instanceId) + "/admin/chaos", this.adminToken, null);
	}

	/**
	 * Switch the gateway's {@code api} route to another policy.
	 * @param policy the policy's name
	 * @param hashKey its hash key, or {@code null}
	 */
	void switchPolicy(String policy, String hashKey) {
		String body = (hashKey != null) ? "{\"policy\":\"" + policy + "\",\"hashKey\":\"" + hashKey + "\"}"
				: "{\"policy\":\"" + policy + "\"}";
		HttpResponse<String> response = send("PUT", gatewayUrl() + "/admin/lb/routes/api", this.adminToken, body);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Switching to " + policy + ": " + response.body());
		}
	}

	/**
	 * Return what the gateway's balancer knows of an instance, from {@code /admin/lb}.
	 * @param instanceId the instance
	 * @return its entry: status, ejected, requests, failures, …
	 */
	JsonNode lbInstance(String instanceId) {
		HttpResponse<String> response = send("GET", gatewayUrl() + "/admin/lb", this.adminToken, null);
		for (JsonNode instance : Http.json(response).path("instances")) {
			if (instance.path("instanceId").asString().equals(instanceId)) {
				return instance;
			}
		}
		throw new IllegalStateException(instanceId + " is not in " + response.body());
	}

	/**
	 * Send a request with a bearer token.
	 * @param method the method
	 * @param url the URL
	 * @param token the token
	 * @param json a JSON body, or {@code null}
	 * @return the response
	 */
	HttpResponse<String> send(String method, String url, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.method(method, (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request);
	}

	/**
	 * Stop the registry daemon with SIGKILL and start a new one on the same port: its
	 * state is soft, so the nodes' heartbeats repopulate it.
	 * @return the new daemon's process
	 */
	ManagedProcess restartRegistry() {
		this.registry.kill();
		this.registry.awaitExit(30);
		startRegistry();
		return this.registry;
	}

	ManagedProcess registry() {
		return this.registry;
	}

	ManagedProcess gateway() {
		return this.gateway;
	}

	TestRedis redis() {
		return this.redis;
	}

	String registryToken() {
		return this.registryToken;
	}

	public ManagedProcess node(String instanceId) {
		return this.nodes.get(instanceId);
	}

	public String gatewayUrl() {
		return "http://127.0.0.1:" + this.gatewayPort;
	}

	public String registryUrl() {
		return "http://127.0.0.1:" + this.registryPort;
	}

	public String adminToken() {
		return this.adminToken;
	}

	public Path logs() {
		return this.logs;
	}

	/**
	 * Stop every application process with SIGTERM and return the log files of the run:
	 * each process's and Redis's (Redis still runs; {@link #close()} stops it and removes
	 * its log).
	 * @return the log files
	 */
	List<Path> stopAndListLogs() {
		List<ManagedProcess> reversed = new ArrayList<>(this.others);
		java.util.Collections.reverse(reversed);
		reversed.forEach(ManagedProcess::close);
		List<Path> logs = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.logs)) {
			files.forEach(logs::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (this.redis.log() != null) {
			logs.add(this.redis.log());
		}
		return logs;
	}

	@Override
	public void close() {
		List<ManagedProcess> reversed = new ArrayList<>(this.others);
		java.util.Collections.reverse(reversed);
		reversed.forEach(ManagedProcess::close);
		this.redis.close();
	}

}
