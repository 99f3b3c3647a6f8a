package dev.kairos.recommendations;

import java.util.List;
import java.util.UUID;

import dev.kairos.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user has just bought, clicked or skipped is not recommended to them in the next
 * request, before the worker has stored it. This instance runs no worker (the context of
 * {@link RequestPathRedisCommandsTest}): the store never learns of the events, so only
 * the API's memory of the events it accepted can leave the items out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.roles.worker=false", "kairos.learning.refresh-interval=1h",
				"kairos.recommendations.snapshot-full-refresh=1h", "kairos.fairness.refresh-interval=1h" })
class ReadYourWritesTest {

	@LocalServerPort
	private int port;

	@Test
	void itemsJustConsumedAreLeftOutBeforeTheWorkerStoresThem() {
		Http http = new Http(this.port);
		String category = "ryw-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 6; i++) {
			assertThat(http.put("/items/" + category + "-" + i, "{\"category\":\"" + category + "\"}").status())
				.isEqualTo(201);
		}
		String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> before = ids(http, user, category);
		assertThat(before).hasSize(6);
		String bought = before.get(0);
		String clicked = before.get(1);
		String skipped = before.get(2);
		String viewed = before.get(3);
		assertThat(http
			.post("/events",
					"[" + event(user, bought, "purchase") + "," + event(user, clicked, "click") + ","
							+ event(user, skipped, "skip") + "," + event(user, viewed, "view") + "]")
			.status()).isEqualTo(202);
		List<String> after = ids(http, user, category);
		assertThat(after).doesNotContain(bought, clicked, skipped).contains(viewed).hasSize(3);
		// another user is not affected
		assertThat(ids(http, "other-" + user, category)).hasSize(6);
		// and the store does not know: no worker ran
		assertThat(http.get("/users/" + user).status()).isEqualTo(404);
	}

	private static String event(String user, String item, String type) {
		return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + user + "\",\"itemId\":\"" + item
				+ "\",\"type\":\"" + type + "\"}";
	}

	private static List<String> ids(Http http, String user, String category) {
		JsonNode answer = http.get("/recommendations?userId=" + user + "&count=10&category=" + category).json();
		return answer.get("items").valueStream().map((item) -> item.get("itemId").asString()).toList();
	}

}
