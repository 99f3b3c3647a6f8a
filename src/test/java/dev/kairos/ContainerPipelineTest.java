package dev.kairos;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline in external mode against Kafka and Redis containers, for machines with a
 * Docker engine. Its real-server twin, which runs everywhere (CI included), is
 * {@link EventPipelineTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "kairos.infrastructure=external", "management.server.port=0" })
class ContainerPipelineTest {

	@Container
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");

	@Container
	static final GenericContainer<?> redis = new GenericContainer<>("redis:7.4").withExposedPorts(6379);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", kafka::getBootstrapServers);
		registry.add("spring.data.redis.host", redis::getHost);
		registry.add("spring.data.redis.port", () -> redis.getMappedPort(6379));
	}

	@LocalServerPort
	private int port;

	@Test
	void anEventReachesTheFeaturesAndTheRecommendations() {
		Http http = new Http(this.port);
		String user = "u-" + UUID.randomUUID();
		assertThat(http.put("/items/i1", "{\"category\":\"c1\"}").status()).isIn(200, 201);
		assertThat(http.put("/items/i2", "{\"category\":\"c1\"}").status()).isIn(200, 201);
		assertThat(http.post("/events", "{\"userId\":\"" + user + "\",\"itemId\":\"i1\",\"type\":\"click\"}").status())
			.isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(http.get("/users/" + user).json().get("counts").get("click").asLong())
				.isEqualTo(1));
		assertThat(http.get("/recommendations?userId=" + user).json().get("items").get(0).get("itemId").asString())
			.isEqualTo("i2");
	}

}
