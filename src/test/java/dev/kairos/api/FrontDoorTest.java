package dev.kairos.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.kairos.Http;
import org.junit.jupiter.api.Test;

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
