package dev.switchyard.web.openapi;

import java.util.Map;

import dev.switchyard.web.security.ProtectedRequests;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

/**
 * Completes an application's generated description with what its code says elsewhere:
 * every error is an RFC 9457 {@code application/problem+json} body (a {@code default}
 * response on each operation), and each operation that the application's
 * {@link ProtectedRequests} cover needs the bearer token and may answer 401 and 429. The
 * protected operations are found with the same {@code ProtectedRequests} the token check
 * uses, so that the description cannot drift from what is enforced.
 */
public class ApiDescriptionCustomizer implements OpenApiCustomizer {

	/** The name of the bearer-token security scheme. */
	public static final String BEARER_TOKEN = "bearerToken";

	/** The name of the problem+json schema. */
	public static final String PROBLEM_DETAIL = "ProblemDetail";

	/** The media type of every error body. */
	public static final String PROBLEM_JSON = "application/problem+json";

	private final Info info;

	private final ProtectedRequests protectedRequests;

	private final String tokenDescription;

	/**
	 * Create a customizer.
	 * @param info the title, description and version of the application's API
	 * @param protectedRequests the requests that need the token
	 * @param tokenDescription what the token is and where it comes from, such as
	 * {@code "ADMIN_TOKEN"}
	 */
	public ApiDescriptionCustomizer(Info info, ProtectedRequests protectedRequests, String tokenDescription) {
		this.info = info;
		this.protectedRequests = protectedRequests;
		this.tokenDescription = tokenDescription;
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.info(this.info);
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.components(
				components.addSchemas(PROBLEM_DETAIL, problemDetailSchema())
					.addSecuritySchemes(BEARER_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("Authorization: Bearer <token>, the token being " + this.tokenDescription)));
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> {
			for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
				customise(entry.getValue(), HttpMethod.valueOf(entry.getKey().name()), path);
			}
		});
	}

	private void customise(Operation operation, HttpMethod method, String path) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.responses(responses);
		if (this.protectedRequests.matches(method, PathContainer.parsePath(sample(path)))) {
			operation.addSecurityItem(new SecurityRequirement().addList(BEARER_TOKEN));
			responses.addApiResponse("401", problem("Missing or wrong token"));
			responses.addApiResponse("429", problem("Too many requests with a wrong token from this address"));
		}
		responses.putIfAbsent("default", problem("Any error, as RFC 9457 problem details"));
	}

	/**
	 * Return a path of a templated OpenAPI path, each variable replaced by a sample
	 * value.
	 * @param path the path, such as {@code /admin/instances/{instanceId}/chaos}
	 * @return a concrete path
	 */
	static String sample(String path) {
		return path.replaceAll("\\{[^}]*}", "sample");
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_DETAIL))));
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemDetailSchema() {
		return new ObjectSchema().description("RFC 9457 problem details (Spring's ProblemDetail)")
			.addProperty("type", new StringSchema().format("uri-reference").example("about:blank"))
			.addProperty("title", new StringSchema().example("Unauthorized"))
			.addProperty("status", new IntegerSchema().example(401))
			.addProperty("detail", new StringSchema().example("A valid bearer token is required"))
			.addProperty("instance", new StringSchema().format("uri-reference").example("/admin/lb"))
			.additionalProperties(true);
	}

}
