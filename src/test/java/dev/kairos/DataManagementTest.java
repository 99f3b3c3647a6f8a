package dev.kairos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.kairos.features.FeatureStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * User erasure and catalogue pages on a real Kafka broker and a real redis-server: an
 * erased user leaves no key behind but the offset fence, events accepted before the
 * erasure and still in Kafka do not bring the user back, events after it do; the
 * catalogue pages in id order without duplicates or gaps while it changes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class DataManagementTest {

	private static final Duration VISIBLE = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private FeatureStore store;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String event(String user, String item, String type) {
		return "{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"type\":\"" + type + "\",\"eventId\":\""
				+ UUID.randomUUID() + "\"}";
	}

	private Set<String> userKeys(String user) {
		return this.redis.keys("kairos:{u:" + user + "}*");
	}

	private MessageListenerContainer worker() {
		return this.listeners.getListenerContainer("kairos-events");
	}

	@Test
	void erasingAUserRemovesEveryKeyAndTheUserIsThen404() {
		Http http = new Http(this.port);
		String category = unique("cat");
		String user = unique("user");
		List<String> items = List.of(unique("a"), unique("b"));
		for (String item : items) {
			assertThat(http.put("/items/" + item, "{\"category\":\"" + category + "\"}").status()).isEqualTo(201);
		}
		String batch = "[" + event(user, items.get(0), "view") + "," + event(user, items.get(0), "click") + ","
				+ event(user, items.get(1), "purchase") + "," + event(user, items.get(1), "impression") + ","
				+ event(user, items.get(1), "skip") + "]";
		assertThat(http.post("/events", batch).status()).isEqualTo(202);
		await().atMost(VISIBLE)
			.until(() -> http.get("/users/" + user).status() == 200
					&& http.get("/users/" + user).json().get("counts").get("impression").asLong() == 1);
		await().atMost(VISIBLE).until(() -> this.store.fans(category, 100).contains(user));
		// the user's hash, recent, consumed and skipped items, event ids and Interest
		// Clock
		assertThat(userKeys(user)).hasSizeGreaterThanOrEqualTo(6);
		// a served slate's items count in the user's exposure (an item of its own, since
		// the user consumed or skipped the others); the erasure takes that too, and the
		// exposures of slates served before it, counted later, stay out
		String shown = unique("c");
		assertThat(http.put("/items/" + shown, "{\"category\":\"" + category + "\"}").status()).isEqualTo(201);
		await().atMost(VISIBLE)
			.until(() -> http.get("/recommendations?userId=" + user + "&count=5").json().get("items").size() > 0);
		await().atMost(VISIBLE)
			.until(() -> this.redis.<String, String>opsForHash()
				.keys("kairos:{u:" + user + "}")
				.stream()
				.anyMatch((field) -> field.startsWith("y:" + category + ":")));
		http.get("/recommendations?userId=" + user + "&count=5"); // counted after the
																	// erasure, or never

		assertThat(http.delete("/users/" + user).status()).isEqualTo(204);

		assertThat(http.get("/users/" + user).status()).isEqualTo(404);
		assertThat(this.store.fans(category, 100)).doesNotContain(user);
		// what stays is the fence: the user's hash with the applied offsets, nothing else
		assertThat(userKeys(user)).containsExactly("kairos:{u:" + user + "}");
		// (and the erasure's time, "z"; the exposures' offsets "x:" if a slate was
		// counted
		// since)
		await().during(Duration.ofSeconds(2))
			.atMost(VISIBLE)
			.untilAsserted(() -> assertThat(this.redis.<String, String>opsForHash().keys("kairos:{u:" + user + "}"))
				.contains("z")
				.allSatisfy((field) -> assertThat(field).matches("o:.*|x:.*|z")));
		assertThat(this.redis.getExpire("kairos:{u:" + user + "}")).isPositive();
		// the recommendations treat the user as new
		JsonNode slate = http.get("/recommendations?userId=" + user).json();
		assertThat(slate.get("items").size()).isPositive();
		// erasing again, or a user never seen, is fine
		assertThat(http.delete("/users/" + user).status()).isEqualTo(204);
		assertThat(http.delete("/users/" + unique("never")).status()).isEqualTo(204);
		assertThat(http.delete("/users/bad%20id").status()).isEqualTo(400);
	}

	@Test
	void eventsAcceptedBeforeTheErasureDoNotBringTheUserBackAndLaterOnesCount() {
		Http http = new Http(this.port);
		String category = unique("cat");
		String user = unique("user");
		String item = unique("item");
		assertThat(http.put("/items/" + item, "{\"category\":\"" + category + "\"}").status()).isEqualTo(201);
		// the user is known, then more of their events wait in Kafka while the worker is
		// stopped
		assertThat(http.post("/events", event(user, item, "click")).status()).isEqualTo(202);
		await().atMost(VISIBLE).until(() -> http.get("/users/" + user).status() == 200);
		worker().stop();
		try {
			for (int i = 0; i < 3; i++) {
				assertThat(http.post("/events", event(user, item, "click")).status()).isEqualTo(202);
			}
			assertThat(http.delete("/users/" + user).status()).isEqualTo(204);
			assertThat(http.get("/users/" + user).status()).isEqualTo(404);
		}
		finally {
			worker().start();
		}
		// one event after the erasure: once it is applied, the older three have been
		// read too (same user, same partition, in order), and were fenced off
		assertThat(http.post("/events", event(user, item, "view")).status()).isEqualTo(202);
		await().atMost(VISIBLE).until(() -> http.get("/users/" + user).status() == 200);
		JsonNode counts = http.get("/users/" + user).json().get("counts");
		assertThat(counts.get("view").asLong()).isEqualTo(1);
		assertThat(counts.get("click").asLong()).isZero();
		assertThat(http.get("/users/" + user).json().get("recentItems").size()).isEqualTo(1);
	}

	@Test
	void theCataloguePagesInIdOrderWithoutDuplicatesOrGapsWhileItChanges() {
		Http http = new Http(this.port);
		String category = unique("cat");
		List<String> ids = new ArrayList<>();
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < 25; i++) {
			String id = category + "-item-" + String.format("%02d", i);
			ids.add(id);
			batch.append((i > 0) ? "," : "")
				.append("{\"itemId\":\"")
				.append(id)
				.append("\",\"category\":\"")
				.append(category)
				.append("\"}");
		}
		assertThat(http.post("/items", batch.append("]").toString()).status()).isEqualTo(200);
		assertThat(http.delete("/items/" + ids.get(3)).status()).isEqualTo(204);

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Http.Answer answer = http
				.get("/items?limit=10&category=" + category + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			JsonNode page = answer.json();
			page.get("items").forEach((item) -> {
				seen.add(item.get("itemId").asString());
				assertThat(item.get("category").asString()).isEqualTo(category);
				assertThat(item.get("active").asBoolean()).isEqualTo(!item.get("itemId").asString().equals(ids.get(3)));
			});
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
			if (pages == 0) {
				// the catalogue changes between pages: an item before the cursor goes,
				// one
				// after it comes, one of another category is added
				assertThat(http.delete("/items/" + ids.get(1)).status()).isEqualTo(204);
				assertThat(http.put("/items/" + category + "-item-20a", "{\"category\":\"" + category + "\"}").status())
					.isEqualTo(201);
				assertThat(
						http.put("/items/" + category + "-other", "{\"category\":\"" + unique("cat") + "\"}").status())
					.isEqualTo(201);
			}
			pages++;
		}
		while (cursor != null);
		List<String> expected = new ArrayList<>(ids);
		expected.add(21, category + "-item-20a");
		assertThat(seen).containsExactlyElementsOf(expected);
		assertThat(new TreeSet<>(seen)).hasSize(seen.size());
		assertThat(pages).isEqualTo(3);

		// all categories: our items appear among the others, in id order
		Http.Answer all = http.get("/items?limit=1000");
		List<String> allIds = new ArrayList<>();
		all.json().get("items").forEach((item) -> allIds.add(item.get("itemId").asString()));
		assertThat(allIds).isSorted().contains(category + "-other", ids.get(0));

		assertThat(http.get("/items?limit=0").status()).isEqualTo(400);
		assertThat(http.get("/items?limit=1001").status()).isEqualTo(400);
		assertThat(http.get("/items?cursor=%25%25%25").status()).isEqualTo(400);
		assertThat(http.get("/items?category=line%0Abreak").status()).isEqualTo(400);
		assertThat(http.get("/items?category=" + unique("empty")).json().get("items").size()).isZero();
	}

}
