package dev.kairos;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's join of served slates and feedback, on a real Kafka broker (Kafka Streams)
 * and a real Redis, in event time. The attribution window is 30 minutes, so no window can
 * close by the wall clock while the test runs: what closes does so by the events' time.
 * Its own context (properties of its own): a fresh broker and Redis, whose partitions see
 * the replay of 2019 before any live traffic.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.learning.attribution-window=30m",
				"kairos.learning.holdout-share=0", "kairos.learning.decay-half-life=0s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventTimeLearningTest {

	@LocalServerPort
	private int port;

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String event(String user, String item, String type, String recommendationId, String timestamp) {
		return "{\"eventId\":\"" + unique("e") + "\",\"userId\":\"" + user + "\",\"itemId\":\"" + item
				+ "\",\"type\":\"" + type + "\""
				+ ((recommendationId != null) ? ",\"recommendationId\":\"" + recommendationId + "\"" : "")
				+ ((timestamp != null) ? ",\"timestamp\":\"" + timestamp + "\"" : "") + "}";
	}

	/**
	 * Posts events as the API asks a client to: a 503 (Kafka did not acknowledge in time,
	 * as on a loaded machine) is retried with the same {@code eventId}s, which count
	 * once.
	 */
	private static void post(Http http, String events) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> http.post("/events", events).status(), (status) -> {
				assertThat(status).isIn(202, 503);
				return status == 202;
			});
	}

	private static long rewards(Http http) {
		return http.get("/admin/model").json().get("rewards").asLong();
	}

	private static String category(Http http, int items) {
		String category = unique("c");
		for (int i = 0; i < items; i++) {
			assertThat(http
				.put("/items/" + category + "-" + i,
						"{\"category\":\"" + category + "\",\"createdAt\":\"2019-01-01T00:00:00Z\"}")
				.status()).isEqualTo(201);
		}
		return category;
	}

	/**
	 * A replay of 2019: a slate served {@code at} noon, an impression of its first item
	 * and a click on its second within the window, nothing on its third. All three count
	 * as observations when served; when the user's next event, 31 minutes later in event
	 * time, closes the window, the third (reported as not seen: the client reports
	 * impressions, and none of it) is withdrawn. The wall clock is years ahead all along.
	 */
	@Test
	@Order(1)
	void aReplayInThePastClosesWindowsByEventTime() {
		Http http = new Http(this.port);
		String category = category(http, 3);
		long before = rewards(http);
		String user = unique("replay");
		JsonNode slate = http
			.get("/recommendations?userId=" + user + "&count=3&category=" + category + "&at=2019-03-01T12:00:00Z")
			.json();
		assertThat(slate.get("items").size()).isEqualTo(3);
		String id = slate.get("recommendationId").asString();
		String first = slate.get("items").get(0).get("itemId").asString();
		String second = slate.get("items").get(1).get("itemId").asString();
		post(http,
				"[" + event(user, first, "impression", id, "2019-03-01T12:00:01Z") + ","
						+ event(user, second, "impression", id, "2019-03-01T12:00:01Z") + ","
						+ event(user, second, "click", id, "2019-03-01T12:00:05Z") + "]");
		// served: three observations at once, the click on top
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rewards(http)).isEqualTo(before + 3));
		// 31 minutes later, in the replay's time: the window closes, the unseen item is
		// taken back
		post(http, event(user, unique("elsewhere"), "view", null, "2019-03-01T12:31:00Z"));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rewards(http)).isEqualTo(before + 2));
	}

	/**
	 * A client that posts only clicks: the slate's three items are observations when it
	 * is served, and the click raises its item's reward, within seconds: nobody waits for
	 * the 30-minute window.
	 */
	@Test
	@Order(2)
	void aClicksOnlyClientMovesTheModelWithoutWaitingForItsWindow() {
		Http http = new Http(this.port);
		String category = category(http, 3);
		long before = rewards(http);
		long versionBefore = http.get("/admin/model").json().get("version").asLong();
		JsonNode experimentBefore = http.get("/admin/experiments").json().get("policies").get(0);
		String user = unique("clicker");
		JsonNode slate = http.get("/recommendations?userId=" + user + "&count=3&category=" + category).json();
		assertThat(slate.get("items").size()).isEqualTo(3);
		String id = slate.get("recommendationId").asString();
		String clicked = slate.get("items").get(2).get("itemId").asString();
		post(http, event(user, clicked, "click", id, null));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(rewards(http)).isEqualTo(before + 3);
			JsonNode experiment = http.get("/admin/experiments").json().get("policies").get(0);
			assertThat(experiment.get("impressions").asLong())
				.isEqualTo(experimentBefore.get("impressions").asLong() + 3);
			assertThat(experiment.get("clicks").asLong()).isEqualTo(experimentBefore.get("clicks").asLong() + 1);
		});
		JsonNode model = http.get("/admin/model").json();
		assertThat(model.get("version").asLong()).isGreaterThan(versionBefore);
		// serving follows the new version
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode now = http.get("/admin/model").json();
			assertThat(now.get("servingVersion").asLong()).isEqualTo(now.get("version").asLong());
		});
	}

}
