package dev.kairos.learning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import dev.kairos.core.drift.DriftResponse;
import dev.kairos.core.eval.HoldoutGuard;
import dev.kairos.core.linalg.LinearStatistics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift detector's wiring: the reward stream per policy and segment from merged
 * observations, detections in the right stream and direction, and the configured
 * response.
 */
class DriftWatchTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

	private static DriftWatch.Settings settings(DriftResponse.Kind response) {
		return new DriftWatch.Settings(response, 0.02, 50, 1000, Duration.ofHours(1), Duration.ofHours(2));
	}

	/** A batch of shown items of one policy and reason, a share of them clicked. */
	private static List<Observation> batch(String policy, String reason, int shown, double ctr,
			SplittableRandom random) {
		List<Observation> observations = new ArrayList<>();
		for (int i = 0; i < shown; i++) {
			observations.add(new Observation(Observation.Kind.SHOWN, policy, reason, true, 0, false,
					new double[dev.kairos.core.ranking.FeatureVector.DIMENSION]));
			if (random.nextDouble() < ctr) {
				observations.add(new Observation(Observation.Kind.CREDIT, policy, reason, true, 1, true,
						new double[dev.kairos.core.ranking.FeatureVector.DIMENSION]));
			}
		}
		return observations;
	}

	/**
	 * Feeds batches of 100 until a detection or {@code batches}; returns impressions fed.
	 */
	private static long feed(DriftWatch watch, String policy, String reason, double ctr, int batches,
			SplittableRandom random, List<DriftWatch.Detection> found) {
		long fed = 0;
		for (int b = 0; b < batches; b++) {
			List<DriftWatch.Detection> detections = watch.observe(batch(policy, reason, 100, ctr, random));
			fed += 100;
			found.addAll(detections);
			if (!detections.isEmpty()) {
				break;
			}
		}
		return fed;
	}

	@Test
	void aStableRewardStreamRaisesNoAlarm() {
		RecordingStore store = new RecordingStore();
		List<DriftWatch.Detection> found = new ArrayList<>();
		DriftWatch watch = new DriftWatch(settings(DriftResponse.Kind.RESET), store, CLOCK, found::add);
		SplittableRandom random = new SplittableRandom(1);
		feed(watch, "linucb", "exploit", 0.10, 500, random, new ArrayList<>());
		assertThat(found).isEmpty();
		assertThat(store.decays).isEmpty();
	}

	@Test
	void aFallIsDetectedInItsOwnStreamAndDirectionAndDecaysTheModelFaster() {
		RecordingStore store = new RecordingStore();
		List<DriftWatch.Detection> metered = new ArrayList<>();
		DriftWatch watch = new DriftWatch(settings(DriftResponse.Kind.DECAY), store, CLOCK, metered::add);
		SplittableRandom random = new SplittableRandom(2);
		List<DriftWatch.Detection> found = new ArrayList<>();
		// both segments at 10%; then the established users' clicks halve
		for (int b = 0; b < 100; b++) {
			List<Observation> observations = new ArrayList<>(batch("linucb", "exploit", 100, 0.10, random));
			observations.addAll(batch("linucb", "cold-start", 100, 0.10, random));
			found.addAll(watch.observe(observations));
		}
		assertThat(found).isEmpty();
		assertThat(watch.decayHalfLife(Duration.ofDays(7))).isEqualTo(Duration.ofDays(7));
		long delay = feed(watch, "linucb", "exploit", 0.05, 200, random, found);
		assertThat(found).hasSize(1);
		DriftWatch.Detection detection = found.get(0);
		assertThat(detection.policy()).isEqualTo("linucb");
		assertThat(detection.segment()).isEqualTo("established-user");
		assertThat(detection.direction()).isEqualTo("down");
		// the held-back impressions (1,000) and Page–Hinkley's delay: a few thousand
		assertThat(delay).isLessThan(8000);
		assertThat(metered).containsExactly(detection);
		// decay: faster for a while, nothing forgotten at once
		assertThat(watch.decayingFaster()).isTrue();
		assertThat(watch.decayHalfLife(Duration.ofDays(7))).isEqualTo(Duration.ofHours(1));
		assertThat(store.decays).isEmpty();
		assertThat(store.resets).isEmpty();
		DriftWatch later = new DriftWatch(settings(DriftResponse.Kind.DECAY), store,
				Clock.offset(CLOCK, Duration.ofHours(3)), (d) -> {
				});
		assertThat(later.decayHalfLife(Duration.ofDays(7))).isEqualTo(Duration.ofDays(7));
	}

	@Test
	void aRiseIsDetectedAndResetForgetsTheModelsEvidence() {
		RecordingStore store = new RecordingStore();
		List<DriftWatch.Detection> found = new ArrayList<>();
		DriftWatch watch = new DriftWatch(settings(DriftResponse.Kind.RESET), store, CLOCK, (d) -> {
		});
		SplittableRandom random = new SplittableRandom(3);
		feed(watch, "popularity", "cold-start", 0.05, 30, random, found);
		assertThat(found).isEmpty();
		feed(watch, "popularity", "cold-start", 0.20, 100, random, found);
		assertThat(found).singleElement().satisfies((d) -> {
			assertThat(d.segment()).isEqualTo("new-user");
			assertThat(d.direction()).isEqualTo("up");
		});
		assertThat(store.resets).containsExactly(CLOCK.millis());
		assertThat(store.decays).isEmpty();
		assertThat(watch.decayingFaster()).isFalse();
	}

	@Test
	void noneOnlyReports() {
		RecordingStore store = new RecordingStore();
		List<DriftWatch.Detection> found = new ArrayList<>();
		DriftWatch watch = new DriftWatch(settings(DriftResponse.Kind.NONE), store, CLOCK, found::add);
		SplittableRandom random = new SplittableRandom(4);
		feed(watch, "linucb", "exploit", 0.30, 30, random, new ArrayList<>());
		feed(watch, "linucb", "exploit", 0.10, 100, random, new ArrayList<>());
		assertThat(found).hasSize(1);
		assertThat(store.decays).isEmpty();
		assertThat(store.resets).isEmpty();
		assertThat(watch.decayingFaster()).isFalse();
	}

	@Test
	void clicksThatArriveABatchAfterTheirImpressionsStillCount() {
		// the stream's rate is what was clicked, whatever batch the clicks come in: a
		// stream whose clicks all lag by one batch raises no alarm at a steady rate
		RecordingStore store = new RecordingStore();
		List<DriftWatch.Detection> found = new ArrayList<>();
		DriftWatch watch = new DriftWatch(settings(DriftResponse.Kind.NONE), store, CLOCK, (d) -> {
		});
		SplittableRandom random = new SplittableRandom(5);
		List<Observation> lagging = List.of();
		for (int b = 0; b < 300; b++) {
			List<Observation> now = batch("linucb", "exploit", 100, 0.2, random);
			List<Observation> shown = now.stream().filter((o) -> o.kind() == Observation.Kind.SHOWN).toList();
			List<Observation> clicks = now.stream().filter((o) -> o.kind() == Observation.Kind.CREDIT).toList();
			List<Observation> merged = new ArrayList<>(shown);
			merged.addAll(lagging);
			found.addAll(watch.observe(merged));
			lagging = clicks;
		}
		assertThat(found).isEmpty();
	}

	@Test
	void theLearnerFeedsTheWatchOnlyWhatItMerged() {
		RecordingStore store = new RecordingStore();
		List<DriftWatch.Detection> found = new ArrayList<>();
		DriftWatch watch = new DriftWatch(settings(DriftResponse.Kind.NONE), store, CLOCK, found::add);
		ModelLearner learner = new ModelLearner(store,
				new dev.kairos.metrics.KairosMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
						List.of("click"), List.of("linucb"), () -> 0L),
				watch);
		SplittableRandom random = new SplittableRandom(6);
		long offset = 0;
		List<ModelLearner.Logged> last = List.of();
		// a steady 30%, each batch delivered twice (a redelivery after a crash): the
		// second delivery is skipped, so the watch sees each impression once
		for (int b = 0; b < 150; b++) {
			List<ModelLearner.Logged> logged = new ArrayList<>();
			for (Observation o : batch("linucb", "exploit", 100, 0.3, random)) {
				logged.add(new ModelLearner.Logged(0, offset++, o));
			}
			learner.learn(logged);
			learner.learn(logged);
			last = logged;
		}
		assertThat(store.merges).isEqualTo(150);
		assertThat(found).isEmpty();
		// then the clicks stop: a fall, detected from merged batches
		for (int b = 0; b < 100 && found.isEmpty(); b++) {
			List<ModelLearner.Logged> logged = new ArrayList<>();
			for (Observation o : batch("linucb", "exploit", 100, 0.0, random)) {
				logged.add(new ModelLearner.Logged(0, offset++, o));
			}
			learner.learn(logged);
		}
		long distinct = offset;
		assertThat(found).singleElement().satisfies((d) -> {
			assertThat(d.direction()).isEqualTo("down");
			// fed each distinct impression at most once (the newest held back): twice
			// as many had the redeliveries counted
			assertThat(d.impressions()).isLessThanOrEqualTo(distinct - 1000).isGreaterThan(distinct / 2);
		});
		assertThat(last).isNotEmpty();
	}

	/**
	 * Records decays, resets and merges (the offsets, as the store keeps them); nothing
	 * else of a model store is used here.
	 */
	static final class RecordingStore implements ModelStore {

		final List<Duration> decays = new ArrayList<>();

		final List<Long> resets = new ArrayList<>();

		final Map<Integer, Long> offsets = new java.util.HashMap<>();

		int merges;

		@Override
		public double decay(long nowMillis, Duration halfLife, Duration minInterval) {
			this.decays.add(halfLife);
			return 0;
		}

		@Override
		public boolean reset(long nowMillis) {
			this.resets.add(nowMillis);
			return true;
		}

		@Override
		public ModelState load() {
			throw new UnsupportedOperationException();
		}

		@Override
		public long version() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Map<Integer, Long> mergedOffsets(Collection<Integer> partitions) {
			Map<Integer, Long> merged = new java.util.HashMap<>();
			partitions.forEach((p) -> merged.put(p, this.offsets.getOrDefault(p, -1L)));
			return merged;
		}

		@Override
		public boolean merge(int partition, long after, long last, ModelDelta delta) {
			if (this.offsets.getOrDefault(partition, -1L) != after) {
				return false;
			}
			this.offsets.put(partition, last);
			this.merges++;
			return true;
		}

		@Override
		public PolicyCounts counts(String policy) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void freeze(boolean frozen) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long snapshot() {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<Long> snapshots() {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean rollback(long snapshotVersion) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<LinearStatistics> snapshotStatistics(long snapshotVersion) {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<HoldoutGuard.Observation> heldOut(int limit) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void guardCheck(GuardCheck check) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<GuardCheck> guardCheck() {
			throw new UnsupportedOperationException();
		}

	}

}
