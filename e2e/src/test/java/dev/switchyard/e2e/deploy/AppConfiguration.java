package dev.switchyard.e2e.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What one application reads from its environment, taken from its
 * {@code src/main/resources/application.yml}: the {@code ${VAR}} placeholders, and the
 * properties that Spring Boot also binds from environment variables (relaxed binding:
 * {@code SPRING_DATA_REDIS_SENTINEL_MASTER} is
 * {@code spring.data.redis.sentinel.master}), whether declared in the file or in Spring
 * Boot's configuration metadata.
 *
 * @param module the application's Maven module, also its container's name
 * @param placeholders the environment variables named in {@code ${...}} placeholders
 * @param properties the relaxed forms of every property the application is known to bind
 * @param portVariable the variable that {@code server.port} is read from
 */
record AppConfiguration(String module, Set<String> placeholders, Set<String> properties, String portVariable) {

	static final List<String> APPS = List.of("registry-daemon", "node-service", "gateway");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

	private static final Set<String> BOOT_PROPERTIES = bootMetadataProperties();

	static AppConfiguration of(String module) {
		Path file = Kustomize.ROOT.resolve(module).resolve("src/main/resources/application.yml");
		if (!Files.isRegularFile(file)) {
			throw new AssertionError("%s is missing: without it nothing says which environment variables %s reads"
				.formatted(Kustomize.ROOT.relativize(file), module));
		}
		try {
			String text = Files.readString(file);
			Set<String> placeholders = new LinkedHashSet<>();
			Matcher matcher = PLACEHOLDER.matcher(text);
			while (matcher.find()) {
				placeholders.add(matcher.group(1));
			}
			Set<String> properties = new HashSet<>(BOOT_PROPERTIES);
			JsonNode tree = new YAMLMapper().readTree(text);
			collectProperties(tree, "", properties);
			Matcher port = PLACEHOLDER.matcher(tree.path("server").path("port").asString(""));
			if (!port.matches()) {
				throw new AssertionError("%s: server.port is not read from an environment variable"
					.formatted(Kustomize.ROOT.relativize(file)));
			}
			return new AppConfiguration(module, Collections.unmodifiableSet(placeholders),
					Collections.unmodifiableSet(properties), port.group(1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether the application reads an environment variable.
	 */
	boolean reads(String variable) {
		return this.placeholders.contains(variable) || this.properties.contains(relaxed(variable));
	}

	/**
	 * The form under which Spring Boot's relaxed binding matches a property name and an
	 * environment variable: lower case, without separators.
	 */
	static String relaxed(String name) {
		return name.toLowerCase().replaceAll("\\[[^]]*]", "").replaceAll("[-_.\"]", "");
	}

	private static void collectProperties(JsonNode node, String prefix, Set<String> properties) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				String name = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
				properties.add(relaxed(name));
				collectProperties(property.getValue(), name, properties);
			}
		}
	}

	/**
	 * Spring Boot's own properties on the test classpath (only those of the modules this
	 * project configures through the environment are there).
	 */
	private static Set<String> bootMetadataProperties() {
		Set<String> properties = new HashSet<>();
		try {
			for (URL resource : Collections.list(AppConfiguration.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream input = resource.openStream()) {
					JsonNode metadata = JsonMapper.builder().build().readTree(input);
					for (JsonNode property : metadata.path("properties")) {
						Optional.ofNullable(property.path("name").asString(null))
							.ifPresent((name) -> properties.add(relaxed(name)));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Collections.unmodifiableSet(properties);
	}

}
