package dev.kairos.bulk;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.kairos.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bulk import against a running Kairos on a real Kafka broker and a real
 * redis-server: a JSON-lines file of items and past events, with bad records among them,
 * and a CSV file of events. Accepted records reach the features with their own
 * timestamps, refused ones are reported by reason, and importing the same file again
 * counts nothing twice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class BulkImportTest {

	private static final Duration VISIBLE = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	private BulkImport importer(ByteArrayOutputStream output) {
		return new BulkImport(URI.create("http://localhost:" + this.port), null,
				new PrintStream(output, true, StandardCharsets.UTF_8));
	}

	@Test
	void aJsonLinesHistoryLoadsThroughThePipelineAndBadRecordsAreReported() throws Exception {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		BulkImport.Report report = importer(output).run(Path.of("src/test/resources/import/history.jsonl"));
		String printed = output.toString(StandardCharsets.UTF_8);
		// what a user of the command sees, for the build log
		System.out.println(printed);

		assertThat(report.records()).isEqualTo(14);
		assertThat(report.itemsCreated() + report.itemsUpdated()).isEqualTo(4);
		assertThat(report.eventsAccepted()).isEqualTo(7);
		assertThat(report.refusedCount()).isEqualTo(3);
		assertThat(report.refused()).containsKeys("malformed line (not a JSON object)");
		assertThat(report.refused().keySet()).anyMatch((reason) -> reason.startsWith("item itemId"))
			.anyMatch((reason) -> reason.startsWith("event type"));
		assertThat(printed).contains("100%")
			.contains("events accepted: 7")
			.contains("refused:         3")
			.contains("records/s accepted");

		Http http = new Http(this.port);
		assertThat(http.get("/items/hist-beanie").json().get("attributes").get("price").asDouble()).isEqualTo(19.5);
		await().atMost(VISIBLE)
			.until(() -> http.get("/users/hist-u1").status() == 200
					&& http.get("/users/hist-u1").json().get("counts").get("purchase").asLong() == 1);
		JsonNode user = http.get("/users/hist-u1").json();
		assertThat(user.get("counts").get("click").asLong()).isEqualTo(1);
		assertThat(user.get("counts").get("view").asLong()).isEqualTo(1);
		assertThat(user.get("counts").get("impression").asLong()).isEqualTo(1);
		// the events' own times, not the import's
		assertThat(user.get("firstSeen").asString()).isEqualTo("2025-12-01T09:00:00Z");
		assertThat(user.get("lastSeen").asString()).isEqualTo("2025-12-02T18:30:00Z");
		await().atMost(VISIBLE).until(() -> http.get("/users/hist-u3").status() == 200);
		await().atMost(VISIBLE)
			.until(() -> http.get("/users/hist-u2").status() == 200
					&& http.get("/users/hist-u2").json().get("counts").get("skip").asLong() == 1);

		// the same file again: the events carry ids derived from their lines, so nothing
		// is
		// counted twice
		BulkImport.Report again = importer(new ByteArrayOutputStream())
			.run(Path.of("src/test/resources/import/history.jsonl"));
		assertThat(again.eventsAccepted()).isEqualTo(7);
		assertThat(again.itemsUpdated()).isEqualTo(4);
		// a fresh event after the re-import: once it is applied, the re-imported ones
		// were
		// read before it (same user, same partition)
		assertThat(http.post("/events", "{\"userId\":\"hist-u1\",\"itemId\":\"hist-cap\",\"type\":\"view\"}").status())
			.isEqualTo(202);
		await().atMost(VISIBLE).until(() -> http.get("/users/hist-u1").json().get("counts").get("view").asLong() == 2);
		JsonNode after = http.get("/users/hist-u1").json().get("counts");
		assertThat(after.get("click").asLong()).isEqualTo(1);
		assertThat(after.get("purchase").asLong()).isEqualTo(1);
	}

	@Test
	void aCsvFileOfEventsLoadsToo() throws Exception {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		// the items it names come from the JSON-lines file; load them first
		importer(new ByteArrayOutputStream()).run(Path.of("src/test/resources/import/history.jsonl"));
		BulkImport.Report report = importer(output).run(Path.of("src/test/resources/import/history.csv"));
		assertThat(report.records()).isEqualTo(4);
		assertThat(report.eventsAccepted()).isEqualTo(3);
		assertThat(report.refused()).hasSize(1);
		assertThat(report.refused().keySet().iterator().next()).startsWith("event type");
		Http http = new Http(this.port);
		await().atMost(VISIBLE)
			.until(() -> http.get("/users/csv-u1").status() == 200
					&& http.get("/users/csv-u1").json().get("counts").get("purchase").asLong() == 1);
		assertThat(http.get("/users/csv-u1").json().get("counts").get("click").asLong()).isEqualTo(1);
		await().atMost(VISIBLE).until(() -> http.get("/users/csv-u2").status() == 200);
	}

}
