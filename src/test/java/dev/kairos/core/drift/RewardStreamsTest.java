package dev.kairos.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reward streams' detection: per stream, both directions, lagging positives. */
class RewardStreamsTest {

	private static final RewardStreams.Sensitivity DEFAULTS = new RewardStreams.Sensitivity(0.02, 50, 1000);

	/** Feeds batches of 100 impressions at a rate; returns the changes. */
	private static List<RewardStreams.Change> feed(RewardStreams streams, String stream, double rate, int batches,
			SplittableRandom random) {
		List<RewardStreams.Change> changes = new ArrayList<>();
		for (int b = 0; b < batches; b++) {
			long positives = 0;
			for (int i = 0; i < 100; i++) {
				positives += (random.nextDouble() < rate) ? 1 : 0;
			}
			changes.addAll(streams.add(stream, 100, positives));
		}
		return changes;
	}

	@Test
	void aSteadyRateRaisesNoAlarm() {
		RewardStreams streams = new RewardStreams(DEFAULTS);
		assertThat(feed(streams, "a", 0.10, 500, new SplittableRandom(1))).isEmpty();
	}

	@Test
	void aFallIsDetectedInItsStreamOnly() {
		RewardStreams streams = new RewardStreams(DEFAULTS);
		SplittableRandom random = new SplittableRandom(2);
		assertThat(feed(streams, "a", 0.10, 100, random)).isEmpty();
		assertThat(feed(streams, "b", 0.10, 100, random)).isEmpty();
		List<RewardStreams.Change> changes = feed(streams, "a", 0.04, 100, random);
		assertThat(changes).isNotEmpty();
		assertThat(changes.get(0).stream()).isEqualTo("a");
		assertThat(changes.get(0).direction()).isEqualTo(RewardStreams.Direction.DOWN);
		assertThat(feed(streams, "b", 0.10, 100, random)).isEmpty();
	}

	@Test
	void aRiseIsDetectedUp() {
		RewardStreams streams = new RewardStreams(DEFAULTS);
		SplittableRandom random = new SplittableRandom(3);
		assertThat(feed(streams, "a", 0.05, 30, random)).isEmpty();
		List<RewardStreams.Change> changes = feed(streams, "a", 0.25, 100, random);
		assertThat(changes).isNotEmpty();
		assertThat(changes.get(0).direction()).isEqualTo(RewardStreams.Direction.UP);
	}

	@Test
	void positivesOneBatchLateDoNotLookLikeAChange() {
		// every batch's positives arrive with the next batch: the rate is steady
		RewardStreams streams = new RewardStreams(DEFAULTS);
		SplittableRandom random = new SplittableRandom(4);
		long late = 0;
		List<RewardStreams.Change> changes = new ArrayList<>();
		for (int b = 0; b < 400; b++) {
			long positives = 0;
			for (int i = 0; i < 100; i++) {
				positives += (random.nextDouble() < 0.2) ? 1 : 0;
			}
			changes.addAll(streams.add("a", 100, late));
			late = positives;
		}
		assertThat(changes).isEmpty();
	}

	@Test
	void nothingIsFedBeforeMoreThanTheHeldBackImpressions() {
		// all 1,000 impressions held back: even a stream of only positives cannot alarm
		RewardStreams streams = new RewardStreams(new RewardStreams.Sensitivity(0, 0.5, 1000));
		for (int b = 0; b < 10; b++) {
			assertThat(streams.add("a", 100, (b < 5) ? 0 : 100)).isEmpty();
		}
	}

	@Test
	void rejectsNonsense() {
		assertThatThrownBy(() -> new RewardStreams.Sensitivity(-1, 50, 1000))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RewardStreams.Sensitivity(0, 0, 1000))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RewardStreams(DEFAULTS).add("a", -1, 0))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
