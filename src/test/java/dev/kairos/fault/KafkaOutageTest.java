package dev.kairos.fault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kairos.Http;
import dev.kairos.redis.EmbeddedRedisServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka stopped and restarted under a running Kairos, with separate processes (a Kafka
 * broker process keeping its log directory, a redis-server, one Kairos with both roles):
 * while the broker is down (killed with {@code kill -9}) {@code POST /events} answers 503
 * with {@code Retry-After} quickly and recommendations keep answering 200; after the
 * broker's restart events are accepted again and the worker catches up with exact counts.
 * A poison record written straight into the topic goes to the dead-letter topic and the
 * stream goes on.
 */
class KafkaOutageTest {

	private Processes processes;

	private EmbeddedRedisServer redis;

	@AfterEach
	void stop() {
		if (this.processes != null) {
			this.processes.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void kafkaDownAnswers503FastAndEverythingResumesExactly() throws Exception {
		this.processes = new Processes();
		int kafkaPort = Processes.freePort();
		int controllerPort = Processes.freePort();
		Path kafkaLog = Files.createTempDirectory(Path.of("target", "fault").toAbsolutePath(), "kafka-log-");
		Process kafka = this.processes.kafka(kafkaPort, controllerPort, kafkaLog);
		this.redis = EmbeddedRedisServer.start(Processes.freePort(), "");
		String bootstrap = "127.0.0.1:" + kafkaPort;
		int apiPort = Processes.freePort();
		this.processes.kairos("kairos", apiPort, Processes.freePort(),
				List.of("spring.kafka.bootstrap-servers=" + bootstrap, "spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + this.redis.port()));
		Http http = new Http(apiPort);
		assertThat(http.put("/items/k1", "{\"category\":\"c\"}").status()).isEqualTo(201);

		long sent = 0;
		long accepted = 0;
		// before the outage
		for (int i = 0; i < 10; i++) {
			sent += 50;
			accepted += (http.post("/events", ClickTraffic.batch("before", i, 50, "k1")).status() == 202) ? 50 : 0;
		}
		// a poison record: not JSON at all
		long deadLettersBefore = ClickTraffic.endOffset(bootstrap, "kairos.events.dlt");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
				new ByteArraySerializer())) {
			producer
				.send(new ProducerRecord<>("kairos.events", "poison-user",
						"{\"v\":1,\"userId\":".getBytes(StandardCharsets.UTF_8)))
				.get(10, TimeUnit.SECONDS);
		}
		for (int i = 10; i < 20; i++) {
			sent += 50;
			accepted += (http.post("/events", ClickTraffic.batch("before", i, 50, "k1")).status() == 202) ? 50 : 0;
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ClickTraffic.endOffset(bootstrap, "kairos.events.dlt") == deadLettersBefore + 1);
		long acceptedBefore = accepted;
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(ClickTraffic.clicks(http, "k1")).isEqualTo(acceptedBefore));

		// the broker dies
		Processes.kill(kafka);
		long longest = 0;
		int refused = 0;
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			Http.Answer answer = http.post("/events", ClickTraffic.batch("outage", i, 10, "k1"));
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			sent += 10;
			if (answer.status() == 202) {
				accepted += 10;
			}
			else {
				assertThat(answer.status()).isEqualTo(503);
				assertThat(answer.contentType()).isEqualTo("application/problem+json");
				assertThat(answer.raw().headers().firstValue("Retry-After")).isPresent();
				refused++;
				longest = Math.max(longest, millis);
			}
			assertThat(http.get("/recommendations?userId=u-before-1&count=5").status()).isEqualTo(200);
		}
		assertThat(refused).isEqualTo(5);
		assertThat(longest).isLessThan(3_000);

		// the broker comes back on the same log and ports
		this.processes.kafka(kafkaPort, controllerPort, kafkaLog);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> http.post("/events", "{\"userId\":\"probe\",\"itemId\":\"k1\",\"type\":\"view\"}")
				.status() == 202);
		for (int i = 0; i < 10; i++) {
			sent += 50;
			accepted += (http.post("/events", ClickTraffic.batch("after", i, 50, "k1")).status() == 202) ? 50 : 0;
		}
		long acceptedTotal = accepted;
		await().atMost(Duration.ofSeconds(120))
			.untilAsserted(() -> assertThat(ClickTraffic.clicks(http, "k1")).isEqualTo(acceptedTotal));
		long counted = ClickTraffic.clicks(http, "k1");
		String report = String.format(
				"Kafka kill -9 and restart (+1 poison record to the DLT): sent %d, accepted %d, counted %d, difference %d;"
						+ " 503 answers %d, slowest %d ms%n",
				sent, accepted, counted, accepted - counted, refused, longest);
		System.out.print(report);
		Files.writeString(Path.of("target", "fault", "report.txt"), report, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		assertThat(accepted).isEqualTo(sent - 50);
	}

}
