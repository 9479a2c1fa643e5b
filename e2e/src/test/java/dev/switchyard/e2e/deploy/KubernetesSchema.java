package dev.switchyard.e2e.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import tools.jackson.databind.JsonNode;

/**
 * Validates objects against the Kubernetes API schema, offline, by reading each one into
 * fabric8's Kubernetes model (generated from the API's OpenAPI definitions) as strictly
 * as the API server decodes it: a field the schema does not have, a value of the wrong
 * type (a string where an integer belongs, or the reverse), an {@code apiVersion} and
 * {@code kind} that the API does not serve, all fail.
 * <p>
 * fabric8's classes keep unknown fields in an {@code additionalProperties} map instead of
 * failing; the mapper here removes that "any setter" from every class so that they fail.
 */
final class KubernetesSchema {

	private static final String RESOURCES = "META-INF/services/" + KubernetesResource.class.getName();

	private static final Map<String, Class<? extends HasMetadata>> TYPES = loadTypes();

	private static final ObjectMapper STRICT = strictMapper();

	private KubernetesSchema() {
	}

	/**
	 * Reads every document into its typed class.
	 * @param documents the rendered objects
	 * @return the typed objects, and one violation per document that does not match
	 */
	static Validation validate(List<JsonNode> documents) {
		List<HasMetadata> objects = new ArrayList<>();
		List<String> violations = new ArrayList<>();
		for (JsonNode document : documents) {
			String apiVersion = document.path("apiVersion").asString();
			String kind = document.path("kind").asString();
			String described = "%s %s/%s".formatted(apiVersion, kind,
					document.path("metadata").path("name").asString());
			Class<? extends HasMetadata> type = TYPES.get(apiVersion + "/" + kind);
			if (type == null) {
				violations.add("%s: the Kubernetes API serves no kind %s in %s".formatted(described, kind, apiVersion));
				continue;
			}
			try {
				objects.add(STRICT.readValue(document.toString(), type));
			}
			catch (UnrecognizedPropertyException ex) {
				violations.add("%s: unknown field %s".formatted(described, path(ex)));
			}
			catch (JsonMappingException ex) {
				violations.add("%s: wrong type at %s: %s".formatted(described, path(ex),
						ex.getOriginalMessage().lines().findFirst().orElse("")));
			}
			catch (JacksonException ex) {
				violations.add("%s: %s".formatted(described, ex.getOriginalMessage()));
			}
		}
		return new Validation(Collections.unmodifiableList(objects), Collections.unmodifiableList(violations));
	}

	private static String path(JsonMappingException ex) {
		StringBuilder path = new StringBuilder();
		for (JsonMappingException.Reference reference : ex.getPath()) {
			if (reference.getFieldName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static Map<String, Class<? extends HasMetadata>> loadTypes() {
		ClassLoader classLoader = KubernetesSchema.class.getClassLoader();
		Map<String, Class<? extends HasMetadata>> types = new HashMap<>();
		try {
			for (URL resource : Collections.list(classLoader.getResources(RESOURCES))) {
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(resource.openStream(), StandardCharsets.UTF_8))) {
					for (String name : reader.lines().map(String::strip).collect(Collectors.toList())) {
						if (name.isEmpty() || name.startsWith("#")) {
							continue;
						}
						Class<?> type = Class.forName(name, false, classLoader);
						if (HasMetadata.class.isAssignableFrom(type)) {
							Class<? extends HasMetadata> resourceType = type.asSubclass(HasMetadata.class);
							types.put(HasMetadata.getApiVersion(resourceType) + "/" + HasMetadata.getKind(resourceType),
									resourceType);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
		return Map.copyOf(types);
	}

	private static ObjectMapper strictMapper() {
		SimpleModule noAdditionalProperties = new SimpleModule()
			.setDeserializerModifier(new BeanDeserializerModifier() {

				@Override
				public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
						BeanDeserializerBuilder builder) {
					builder.setAnySetter(null);
					return builder;
				}

			});
		ObjectMapper mapper = JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
			.disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.addModule(noAdditionalProperties)
			.build();
		// the API server decodes JSON strictly: "8080" is no integer, and 8080 no string
		for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
				CoercionInputShape.Boolean)) {
			mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
		}
		for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
			mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
		}
		mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
		return mapper;
	}

	/**
	 * The outcome of a validation.
	 *
	 * @param objects the documents that match, read into the model
	 * @param violations one line per document that does not
	 */
	record Validation(List<HasMetadata> objects, List<String> violations) {

	}

}
