package dev.kairos;

import java.io.IOException;
import java.net.ServerSocket;

import dev.kairos.redis.EmbeddedRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no Kafka broker at the configured address, {@code POST /events} answers 503 with
 * {@code Retry-After} instead of hanging or pretending, while reads keep working on a
 * real Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "kairos.infrastructure=external", "kairos.roles.worker=false", "management.server.port=0",
				"spring.kafka.admin.auto-create=false" })
@DirtiesContext // its Redis stops after the class: the context must not outlive it
class KafkaUnavailableTest {

	private static EmbeddedRedisServer redis;

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) throws IOException {
		redis = EmbeddedRedisServer.start(freePort(), "");
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
		// a port nobody listens on: the broker is down
		String deadBroker = "127.0.0.1:" + freePort();
		registry.add("spring.kafka.bootstrap-servers", () -> deadBroker);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void eventsAreRefusedWith503AndRetryAfterAndNeverAccepted() {
		Http http = new Http(this.port);
		for (int i = 0; i < 3; i++) {
			// the client gives up after 30 s; the service must answer long before
			Http.Answer answer = http.post("/events", "{\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"click\"}");
			assertThat(answer.status()).isEqualTo(503);
			assertThat(answer.contentType()).isEqualTo("application/problem+json");
			assertThat(answer.json().get("type").asString()).isEqualTo("urn:kairos:problem:event-log-unavailable");
			assertThat(answer.raw().headers().firstValue("Retry-After")).hasValue("5");
		}
	}

	@Test
	void recommendationsStillWork() {
		Http http = new Http(this.port);
		assertThat(http.put("/items/i1", "{\"category\":\"c\"}").status()).isIn(200, 201);
		Http.Answer answer = http.get("/recommendations?userId=u1");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("items").get(0).get("itemId").asString()).isEqualTo("i1");
	}

	@Test
	void notReadyWhileKafkaIsDownButAlive() {
		Http management = new Http(this.managementPort);
		Http.Answer readiness = management.get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.json().get("components").get("kafka").get("status").asString()).isEqualTo("DOWN");
		assertThat(readiness.json().get("components").get("redis").get("status").asString()).isEqualTo("UP");
		assertThat(management.get("/actuator/health/liveness").status()).isEqualTo(200);
	}

}
