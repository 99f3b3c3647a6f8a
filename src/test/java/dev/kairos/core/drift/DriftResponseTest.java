package dev.kairos.core.drift;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What a detection does to the half-life, by the time passed in. */
class DriftResponseTest {

	private static final Duration WEEK = Duration.ofDays(7);

	private static DriftResponse response(DriftResponse.Kind kind) {
		return new DriftResponse(new DriftResponse.Settings(kind, Duration.ofHours(1), Duration.ofHours(2)));
	}

	@Test
	void decayShortensTheHalfLifeForAWhileFromTheDetection() {
		DriftResponse response = response(DriftResponse.Kind.DECAY);
		long t = 1_000_000_000L;
		assertThat(response.halfLife(t, WEEK)).isEqualTo(WEEK);
		assertThat(response.detected(t)).isFalse();
		assertThat(response.decayingFaster(t)).isTrue();
		assertThat(response.halfLife(t + 3_600_000L, WEEK)).isEqualTo(Duration.ofHours(1));
		assertThat(response.halfLife(t + 2 * 3_600_000L, WEEK)).isEqualTo(WEEK);
		assertThat(response.decayingFaster(t + 2 * 3_600_000L)).isFalse();
	}

	@Test
	void resetAsksToForgetAndNoneChangesNothing() {
		DriftResponse reset = response(DriftResponse.Kind.RESET);
		assertThat(reset.detected(0)).isTrue();
		assertThat(reset.halfLife(1, WEEK)).isEqualTo(WEEK);
		DriftResponse none = response(DriftResponse.Kind.NONE);
		assertThat(none.detected(0)).isFalse();
		assertThat(none.halfLife(1, WEEK)).isEqualTo(WEEK);
	}

	@Test
	void theFactorHalvesPerHalfLife() {
		assertThat(DriftResponse.factor(WEEK.toMillis(), WEEK)).isCloseTo(0.5, within(1e-12));
		assertThat(DriftResponse.factor(3 * WEEK.toMillis(), WEEK)).isCloseTo(0.125, within(1e-12));
		assertThat(DriftResponse.factor(0, WEEK)).isEqualTo(1);
		assertThat(DriftResponse.factor(1000, Duration.ZERO)).isEqualTo(1);
		// the worker's reset: a half-life of 1 ms over seconds leaves nothing
		assertThat(DriftResponse.factor(30_000, Duration.ofMillis(1))).isZero();
	}

}
