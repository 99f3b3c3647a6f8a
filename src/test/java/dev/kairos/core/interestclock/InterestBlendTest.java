package dev.kairos.core.interestclock;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InterestBlendTest {

	static final long NOW = 1_700_000_000_000L;

	static final InterestClockParameters PARAMETERS = new InterestClockParameters(1.0, Duration.ofDays(7), 1.0, 1.0,
			16);

	@Test
	void movesFromTheGlobalClockToTheUsersAsHistoryGrows() {
		InterestClock global = new InterestClock(PARAMETERS);
		for (int i = 0; i < 1000; i++) {
			global.update("news", 9, 1.0, NOW);
		}
		InterestClock user = new InterestClock(PARAMETERS);
		InterestBlend blend = InterestClock.blend(user, global, 10);
		assertThat(blend.userWeight()).isZero();
		assertThat(blend.probability("news", 9, NOW)).isEqualTo(1.0);
		double previous = 1.0;
		for (int n = 1; n <= 100; n++) {
			user.update("sport", 9, 1.0, NOW);
			assertThat(blend.userWeight()).isCloseTo(n / (n + 10.0), within(1e-15));
			double news = blend.probability("news", 9, NOW);
			assertThat(news).isLessThan(previous);
			assertThat(news + blend.probability("sport", 9, NOW)).isCloseTo(1.0, within(1e-12));
			previous = news;
		}
		// after k = 10 events the user and the population count equally
		InterestClock tenEvents = new InterestClock(PARAMETERS);
		for (int i = 0; i < 10; i++) {
			tenEvents.update("sport", 9, 1.0, NOW);
		}
		assertThat(InterestClock.blend(tenEvents, global, 10).probability("sport", 9, NOW)).isCloseTo(0.5,
				within(1e-12));
		assertThat(InterestClock.blend(user, global, 10).topCategories(9, NOW, 1).get(0).category()).isEqualTo("sport");
	}

	@Test
	void fallsBackToTheGlobalClockAtHoursWithoutUserInterestAndToTheUserWithoutAGlobal() {
		InterestClock global = new InterestClock(PARAMETERS);
		global.update("news", 21, 1.0, NOW);
		InterestClock user = new InterestClock(PARAMETERS);
		for (int i = 0; i < 50; i++) {
			user.update("sport", 21, -1.0, NOW);
		}
		assertThat(InterestClock.blend(user, global, 1).distribution(21, NOW)).containsOnlyKeys("news");
		assertThat(InterestClock.blend(global, new InterestClock(PARAMETERS), 100).distribution(21, NOW))
			.containsOnlyKeys("news");
	}

}
