package dev.kairos.recommendations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.kairos.Http;
import dev.kairos.core.ranking.FeatureVector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17's exclusions, end to end on a real Kafka broker and a real redis-server: an
 * item the user clicked or skipped leaves their next slates, one they viewed stays
 * (unless {@code kairos.ranking.exclude-viewed}, {@link ExcludeViewedTest}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class ExclusionsTest {

	static final Duration VISIBLE = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Test
	void clickedAndSkippedItemsLeaveTheUsersSlatesViewedOnesStay() {
		Slates slates = Slates.seed(new Http(this.port));
		slates.awaitApplied();
		await().atMost(VISIBLE)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(slates.next()).doesNotContain(slates.clicked, slates.skipped)
				.contains(slates.viewed, slates.untouched));
		// another user is shown them all
		assertThat(slates.nextFor(unique("other"))).contains(slates.clicked, slates.skipped, slates.viewed);
	}

	@Test
	void explanationsNameTheFeaturesAfterTheSchema() {
		Slates slates = Slates.seed(new Http(this.port));
		JsonNode explanation = slates.http
			.get("/recommendations?userId=" + unique("explained") + "&count=3&explain=true&category=" + slates.category)
			.json()
			.get("explanation");
		assertThat(explanation.size()).isEqualTo(3);
		explanation.forEach((item) -> {
			List<String> names = new ArrayList<>(item.get("topFeatures").propertyNames());
			// the schema's fixed names, or the named features of its similar-to and
			// hashed
			// entries (docs/features.md)
			assertThat(names).hasSize(RecommendationService.TOP_FEATURES)
				.allSatisfy((name) -> assertThat(FeatureVector.NAMES.contains(name) || name.startsWith("similar-to:")
						|| name.matches("(tag:|attr:|context\\.).*"))
					.as(name)
					.isTrue());
		});
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A category of four items, and a user who clicked, skipped and viewed one each. */
	static final class Slates {

		final Http http;

		final String user = unique("user");

		final String category = unique("cat");

		final String clicked = unique("clicked");

		final String skipped = unique("skipped");

		final String viewed = unique("viewed");

		final String untouched = unique("untouched");

		private Slates(Http http) {
			this.http = http;
		}

		static Slates seed(Http http) {
			Slates s = new Slates(http);
			for (String item : List.of(s.clicked, s.skipped, s.viewed, s.untouched)) {
				assertThat(http
					.put("/items/" + item,
							"{\"category\":\"" + s.category + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}")
					.status()).isEqualTo(201);
			}
			assertThat(s.nextFor(s.user)).contains(s.clicked, s.skipped, s.viewed, s.untouched);
			assertThat(http
				.post("/events",
						"[" + event(s.user, s.clicked, "click") + "," + event(s.user, s.skipped, "skip") + ","
								+ event(s.user, s.viewed, "view") + "]")
				.status()).isEqualTo(202);
			return s;
		}

		void awaitApplied() {
			await().atMost(VISIBLE).ignoreExceptions().untilAsserted(() -> {
				JsonNode profile = this.http.get("/users/" + this.user).json();
				assertThat(profile.get("counts").get("click").asLong()).isEqualTo(1);
				assertThat(profile.get("counts").get("skip").asLong()).isEqualTo(1);
				assertThat(profile.get("counts").get("view").asLong()).isEqualTo(1);
			});
		}

		List<String> next() {
			return nextFor(this.user);
		}

		List<String> nextFor(String userId) {
			JsonNode answer = this.http.get("/recommendations?userId=" + userId + "&count=10&category=" + this.category)
				.json();
			List<String> ids = new ArrayList<>();
			answer.get("items").forEach((item) -> ids.add(item.get("itemId").asString()));
			return ids;
		}

		private static String event(String userId, String itemId, String type) {
			return "{\"userId\":\"" + userId + "\",\"itemId\":\"" + itemId + "\",\"type\":\"" + type + "\"}";
		}

	}

}
