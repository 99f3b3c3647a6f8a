package dev.kairos.recommendations;

import dev.kairos.Http;
import dev.kairos.recommendations.ExclusionsTest.Slates;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code kairos.ranking.exclude-viewed=true}, a viewed item leaves the user's slates
 * too (on a real Kafka broker and a real redis-server).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.ranking.exclude-viewed=true" })
class ExcludeViewedTest {

	@LocalServerPort
	private int port;

	@Test
	void viewedItemsLeaveTheUsersSlatesWhenTheSettingIsOn() {
		Slates slates = Slates.seed(new Http(this.port));
		slates.awaitApplied();
		await().atMost(ExclusionsTest.VISIBLE)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(slates.next()).doesNotContain(slates.clicked, slates.skipped, slates.viewed)
				.contains(slates.untouched));
	}

}
