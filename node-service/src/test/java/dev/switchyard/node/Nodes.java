package dev.switchyard.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchyard.test.FreePorts;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts extra nodes in the test's JVM, each a full application context on its own port,
 * as a cluster would run several node processes.
 */
final class Nodes {

	private Nodes() {
	}

	/**
	 * Properties for a node in a test: no registry daemon is running, so registration
	 * points at a port where nothing listens and keeps retrying in the background.
	 * @param redisUrl the Redis the node uses
	 * @return the properties
	 */
	static List<String> testProperties(String redisUrl) {
		return List.of("spring.data.redis.url=" + redisUrl, "registry.client.urls=http://127.0.0.1:" + FreePorts.find(),
				"node.admin.token=test-admin-token");
	}

	/**
	 * Start a node on a random port.
	 * @param redisUrl the Redis it uses
	 * @param extraProperties more properties
	 * @return the running node, to be closed by the caller
	 */
	static ConfigurableApplicationContext start(String redisUrl, String... extraProperties) {
		List<String> properties = new ArrayList<>(testProperties(redisUrl));
		properties.add("server.port=0");
		// nodes started in one JVM share a pid, so the default <hostname>-<pid> id would
		// clash
		properties.add("registry.client.registration.instance-id=node-" + UUID.randomUUID().toString().substring(0, 8));
		properties.addAll(List.of(extraProperties));
		// A repeated command-line argument would be read as a list: the last one wins.
		Map<String, String> byName = new LinkedHashMap<>();
		properties.forEach((property) -> byName.put(property.substring(0, property.indexOf('=')), property));
		// As command-line arguments: default properties would lose to application.yml.
		return new SpringApplicationBuilder(NodeServiceApplication.class)
			.run(byName.values().stream().map((property) -> "--" + property).toArray(String[]::new));
	}

	/**
	 * Return the port a node listens on.
	 * @param node the node
	 * @return the port
	 */
	static int port(ConfigurableApplicationContext node) {
		return ((WebServerApplicationContext) node).getWebServer().getPort();
	}

}
