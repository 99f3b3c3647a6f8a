package dev.kairos.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.kairos.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a newcomer meets on a running Kairos (real HTTP, real Kafka and Redis): the index
 * page at {@code /} with working links, and the OpenAPI contract with its Swagger UI.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class FrontDoorTest {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	/** Every path and method the application's controllers map, but the error page. */
	private Map<String, TreeSet<String>> mappedEndpoints() {
		Map<String, TreeSet<String>> endpoints = new TreeMap<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (String path : info.getPatternValues()) {
				if (path.equals("/error") || path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui")) {
					continue;
				}
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					endpoints.computeIfAbsent(path, (p) -> new TreeSet<>()).add(method.name().toLowerCase(Locale.ROOT));
				}
			}
		}
		return endpoints;
	}

	@Test
	void theContractListsEveryEndpointEveryProblemTypeAndTheKeySchemes() throws Exception {
		Http.Answer answer = new Http(this.port).get("/v3/api-docs");
		assertThat(answer.status()).isEqualTo(200);
		JsonNode spec = answer.json();
		assertThat(spec.get("openapi").asString()).startsWith("3.");
		JsonNode paths = spec.get("paths");
		Map<String, TreeSet<String>> mapped = mappedEndpoints();
		// the ones the issue names, which the controllers must map in the first place
		assertThat(mapped).containsKeys("/recommendations", "/events", "/items", "/items/{itemId}", "/users/{userId}",
				"/admin/model", "/admin/model/snapshots", "/admin/model/rollback/{version}", "/admin/model/freeze",
				"/admin/model/unfreeze", "/admin/experiments", "/admin/evaluation", "/admin/fairness");
		assertThat(mapped.get("/users/{userId}")).contains("get", "delete");
		assertThat(mapped.get("/items")).contains("get", "post");
		mapped.forEach((path, methods) -> {
			assertThat(paths.has(path)).as("%s in the contract", path).isTrue();
			for (String method : methods) {
				JsonNode operation = paths.get(path).get(method);
				assertThat(operation).as("%s %s in the contract", method, path).isNotNull();
				assertThat(operation.get("responses").get("default").get("content").get("application/problem+json"))
					.as("%s %s answers problem documents", method, path)
					.isNotNull();
			}
		});
		assertThat(paths.has("/error")).isFalse();

		List<String> problemTypes = new ArrayList<>();
		for (Field field : ProblemTypes.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				problemTypes.add(field.get(null).toString());
			}
		}
		assertThat(problemTypes).hasSizeGreaterThan(10);
		List<String> inSpec = new ArrayList<>();
		spec.get("components")
			.get("schemas")
			.get("Problem")
			.get("properties")
			.get("type")
			.get("enum")
			.forEach((type) -> inSpec.add(type.asString()));
		assertThat(inSpec).containsExactlyInAnyOrderElementsOf(problemTypes);

		JsonNode schemes = spec.get("components").get("securitySchemes");
		assertThat(schemes.get("apiKey").get("in").asString()).isEqualTo("header");
		assertThat(schemes.get("apiKey").get("name").asString()).isEqualTo("X-API-Key");
		assertThat(schemes.get("bearer").get("scheme").asString()).isEqualTo("bearer");
		// the bodies the controllers parse as JSON trees are described
		assertThat(paths.get("/events").get("post").get("requestBody").toString())
			.contains("#/components/schemas/Event");
		assertThat(paths.get("/items/{itemId}").get("put").get("requestBody").toString())
			.contains("#/components/schemas/Item");

		Http.Answer yaml = new Http(this.port).get("/v3/api-docs.yaml");
		assertThat(yaml.status()).isEqualTo(200);
		assertThat(yaml.body()).contains("/recommendations:");
	}

	@Test
	void theIndexPageLinksToTheDashboardTheContractAndHealthAndEachLinkAnswers() throws Exception {
		Http http = new Http(this.port);
		Http.Answer index = http.get("/");
		assertThat(index.status()).isEqualTo(200);
		assertThat(index.contentType()).startsWith("text/html");
		assertThat(index.body()).contains("href=\"/dashboard/\"")
			.contains("href=\"/swagger-ui.html\"")
			.contains("href=\"/v3/api-docs\"")
			.contains(":" + this.managementPort + "/actuator/health\"");
		HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
		for (String link : new String[] { "http://localhost:" + this.port + "/dashboard/",
				"http://localhost:" + this.port + "/swagger-ui.html", "http://localhost:" + this.port + "/v3/api-docs",
				"http://localhost:" + this.managementPort + "/actuator/health" }) {
			HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(link).isEqualTo(200);
		}
	}

}
