package dev.kairos.api;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI contract springdoc serves at {@code /v3/api-docs} (and the Swagger UI at
 * {@code /swagger-ui.html}): the API key schemes, the bodies the controllers parse
 * themselves (they take JSON trees, to report every invalid field at once), and the
 * problem document every operation may answer with, whose {@code type} lists
 * {@link ProblemTypes}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY = "apiKey";

	static final String BEARER = "bearer";

	private static final String ID_PATTERN = "^[A-Za-z0-9._:@-]{1,128}$";

	@Bean
	OpenAPI kairosOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Kairos")
				.version("v1")
				.description("Real-time recommendations: post interaction events, get slates that learn from them. "
						+ "Errors are RFC 9457 problem documents (application/problem+json) whose type is one of "
						+ "the Problem schema's. API keys are needed only where the service is configured with "
						+ "them (kairos.security.write-keys / read-keys).")
				.license(new License().name("Apache-2.0")))
			.components(new Components()
				.addSecuritySchemes(API_KEY,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name(ApiKeyFilter.HEADER)
							.description("A read or write key; writes and /admin need a write key."))
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("The same key as Authorization: Bearer.")))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	@Bean
	OpenApiCustomizer kairosContract() {
		return (openApi) -> {
			Components components = openApi.getComponents();
			components.addSchemas("Problem", problemSchema());
			components.addSchemas("Event", eventSchema());
			components.addSchemas("Item", itemSchema());
			Map<String, PathItem> paths = (openApi.getPaths() != null) ? openApi.getPaths() : Map.of();
			paths.remove("/error");
			body(paths, "/events", PathItem::getPost,
					new ComposedSchema()
						.oneOf(List.of(ref("Event"), new ArraySchema().items(ref("Event")).maxItems(1000))),
					"One event, or an array of up to 1,000 (kairos.events.max-batch).");
			body(paths, "/items", PathItem::getPost, new ArraySchema().items(ref("Item")), "Items, each with itemId.");
			body(paths, "/items/{itemId}", PathItem::getPut, ref("Item"), "The item (itemId in the path).");
			contextParameters(paths.get("/recommendations"));
			ApiResponse problem = new ApiResponse()
				.description("A problem document (RFC 9457); its type says what went wrong")
				.content(
						new Content().addMediaType("application/problem+json", new MediaType().schema(ref("Problem"))));
			paths.values()
				.forEach((path) -> path.readOperations()
					.forEach((operation) -> operation.getResponses().addApiResponse("default", problem)));
		};
	}

	/**
	 * {@code GET /recommendations}' context: one {@code context.KEY=VALUE} parameter per
	 * key, which the controller reads from all the query's parameters (a map springdoc
	 * would show as one object parameter).
	 */
	private static void contextParameters(PathItem recommendations) {
		Operation get = (recommendations != null) ? recommendations.getGet() : null;
		if (get == null) {
			return;
		}
		if (get.getParameters() != null) {
			get.getParameters().removeIf((p) -> "parameters".equals(p.getName()));
		}
		get.addParametersItem(new Parameter().in("query")
			.name("context.{key}")
			.required(false)
			.schema(new StringSchema().maxLength(128))
			.example("context.device=ios")
			.description("The request's context, one parameter per key (context.device=ios&context.country=fr), "
					+ "used as an event's context is: it reaches the feature vector as context.KEY=VALUE and "
					+ "crossed with each item's category. At most 16 keys of 1-64 printable characters, each "
					+ "given once; values 1-128 printable characters, no whitespace at either end. Invalid "
					+ "context is a 400 problem naming the parameter."));
	}

	private static void body(Map<String, PathItem> paths, String path,
			java.util.function.Function<PathItem, Operation> method, Schema<?> schema, String description) {
		PathItem item = paths.get(path);
		Operation operation = (item != null) ? method.apply(item) : null;
		if (operation != null) {
			operation.requestBody(new RequestBody().required(true)
				.description(description)
				.content(new Content().addMediaType("application/json", new MediaType().schema(schema))));
		}
	}

	@SuppressWarnings("rawtypes")
	private static Schema ref(String name) {
		return new Schema<>().$ref("#/components/schemas/" + name);
	}

	/** Every {@link ProblemTypes} constant, in declaration order. */
	static List<String> problemTypes() {
		List<String> types = new ArrayList<>();
		for (Field field : ProblemTypes.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == URI.class) {
				try {
					types.add(field.get(null).toString());
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return types;
	}

	private static Schema<?> problemSchema() {
		StringSchema type = new StringSchema();
		type.setEnum(problemTypes());
		type.description("Stable; clients may switch on it (docs/api.md lists the meanings)");
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", type)
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema().description("What to do about it"))
			.addProperty("instance", new StringSchema())
			.addProperty("errors",
					new ArraySchema().items(new ObjectSchema().addProperty("field", new StringSchema())
						.addProperty("message", new StringSchema())
						.addProperty("index", new IntegerSchema().description("the element, inside a batch"))))
			.required(List.of("type", "title", "status"));
	}

	private static Schema<?> eventSchema() {
		StringSchema type = new StringSchema();
		type.setEnum(List.of("impression", "view", "click", "purchase", "skip"));
		return new ObjectSchema().description("An interaction event")
			.addProperty("eventId", new StringSchema().description("client id for idempotency"))
			.addProperty("userId", new StringSchema().pattern(ID_PATTERN))
			.addProperty("itemId", new StringSchema().pattern(ID_PATTERN))
			.addProperty("type", type)
			.addProperty("timestamp", new DateTimeSchema().description("default: now"))
			.addProperty("recommendationId", new StringSchema().description("the id GET /recommendations answered"))
			.addProperty("value", new NumberSchema())
			.addProperty("context", new MapSchema().additionalProperties(new StringSchema()))
			.required(List.of("userId", "itemId", "type"));
	}

	private static Schema<?> itemSchema() {
		return new ObjectSchema().description("A catalogue item")
			.addProperty("itemId", new StringSchema().pattern(ID_PATTERN).description("in POST /items only"))
			.addProperty("category", new StringSchema())
			.addProperty("tags", new ArraySchema().items(new StringSchema()))
			.addProperty("attributes", new MapSchema().additionalProperties(true))
			.addProperty("createdAt", new DateTimeSchema())
			.addProperty("active", new BooleanSchema()._default(true))
			.required(List.of("category"));
	}

}
