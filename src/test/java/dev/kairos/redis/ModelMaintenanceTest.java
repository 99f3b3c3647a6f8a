package dev.kairos.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import dev.kairos.core.drift.DriftResponse;
import dev.kairos.core.eval.HoldoutGuard;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.learning.DriftWatch;
import dev.kairos.learning.GuardCheck;
import dev.kairos.learning.InMemorySlateStore;
import dev.kairos.learning.ModelLearner;
import dev.kairos.learning.ModelMaintenance;
import dev.kairos.learning.ModelStore;
import dev.kairos.learning.Observation;
import dev.kairos.learning.ServedSlate;
import dev.kairos.learning.SlateJoin;
import dev.kairos.metrics.KairosMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The model's upkeep on a real Redis: decay for drift (once, whatever the number of
 * workers), a drift's reset, held-out slates kept out of the model, and the learning
 * guard freezing a model that got worse than its snapshot. Slates and feedback go through
 * the worker's join ({@link SlateJoin}, its state in memory here) and its learner, which
 * merges into Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.learning.attribution-window=2s" })
class ModelMaintenanceTest {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);

	private final SplittableRandom random = new SplittableRandom(11);

	@Autowired
	private RedisSession session;

	private ModelStore newStore() {
		return new RedisModelStore(this.session, "test-" + UUID.randomUUID().toString().substring(0, 8) + ":");
	}

	private final SlateJoin join = new SlateJoin(new InMemorySlateStore(), WINDOW.toMillis());

	private final List<Observation> learned = new ArrayList<>();

	private final KairosMetrics metrics = new KairosMetrics(new SimpleMeterRegistry(), List.of("click"),
			List.of("linucb"), this.clock::millis);

	private long offset = -1;

	/** Merges what the join learned since the last call, as one batch of the log. */
	private void merge(ModelStore store) {
		List<ModelLearner.Logged> batch = new ArrayList<>();
		for (Observation o : this.learned) {
			batch.add(new ModelLearner.Logged(0, ++this.offset, o));
		}
		this.learned.clear();
		new ModelLearner(store, this.metrics).learn(batch);
	}

	private double[] features() {
		double[] x = new double[FeatureVector.DIMENSION];
		x[0] = 1;
		x[1] = this.random.nextDouble();
		x[2] = this.random.nextDouble();
		return x;
	}

	/** A one-item slate and its feedback per the rule. */
	private void serve(ModelStore store, boolean holdout, boolean inverted) {
		String recommendation = UUID.randomUUID().toString();
		double[] x = features();
		this.join.served(
				new ServedSlate(recommendation, "u1", "linucb", 0, this.clock.instant(),
						List.of(new ServedSlate.ShownItem("i1", 0, 1.0, "exploit", x, null)), holdout),
				this.clock.millis(), this.learned::add);
		boolean clicked = (x[1] > 0.5) != inverted;
		if (clicked) {
			this.join.feedback("u1", "i1", recommendation, 1.0, this.clock.millis(), this.learned::add);
		}
	}

	/** Every window closed (in event time), and the whole batch merged. */
	private void closeAll(ModelStore store) {
		this.join.advance(this.clock.millis() + WINDOW.toMillis(), this.learned::add);
		merge(store);
	}

	@Test
	void decayHalvesTheEvidenceOnceAHalfLifeHasPassedWhoeverAsks() {
		ModelStore store = newStore();
		for (int i = 0; i < 50; i++) {
			serve(store, false, false);
		}
		closeAll(store);
		LinearStatistics before = store.load().statistics();
		long version = store.load().version();
		long t0 = this.clock.millis();
		Duration halfLife = Duration.ofHours(1);
		assertThat(store.decay(t0, halfLife, Duration.ZERO)).isEqualTo(1.0);
		assertThat(store.decay(t0 + halfLife.toMillis(), halfLife, Duration.ZERO)).isCloseTo(0.5, within(1e-12));
		// a second worker asking at the same moment finds nothing to do
		assertThat(store.decay(t0 + halfLife.toMillis(), halfLife, Duration.ZERO)).isEqualTo(1.0);
		LinearStatistics after = store.load().statistics();
		double[] a = before.toPacked();
		double[] b = after.toPacked();
		assertThat(after.count()).isEqualTo(before.count());
		for (int k = 1; k < a.length; k++) {
			assertThat(b[k]).as("entry %d", k).isCloseTo(a[k] / 2, within(1e-9));
		}
		assertThat(store.load().version()).isEqualTo(version + 1);
		store.freeze(true);
		assertThat(store.decay(t0 + 10 * halfLife.toMillis(), halfLife, Duration.ZERO)).isEqualTo(1.0);
		assertThat(store.load().statistics().toPacked()[1]).isCloseTo(b[1], within(1e-12));
	}

	/**
	 * A drift's {@code reset} response forgets the evidence whenever it comes: before the
	 * model was ever decayed, and in the same millisecond as the periodic decay. (It used
	 * to be a decay with a 1 ms half-life, which finds no time elapsed in both cases and
	 * changed nothing.)
	 */
	@Test
	void aDriftResetForgetsTheEvidenceBeforeTheFirstDecayAndInTheMillisecondOfOne() {
		ModelStore store = newStore();
		// the first case: a model learned, never decayed
		learnSome(store);
		LinearStatistics learned = store.load().statistics();
		long version = store.load().version();
		assertThat(learned.toPacked()[1]).isNotZero();
		detectDrift(store);
		assertForgotten(store, learned.count(), version);

		// the second case: the periodic decay runs (twice: the first call only starts its
		// clock), then a drift is detected in the same millisecond
		learnSome(store);
		long now = this.clock.millis();
		store.decay(now - 60_000, Duration.ofDays(7), Duration.ZERO);
		assertThat(store.decay(now, Duration.ofDays(7), Duration.ZERO)).isLessThan(1.0);
		LinearStatistics decayed = store.load().statistics();
		assertThat(decayed.toPacked()[1]).isNotZero();
		version = store.load().version();
		detectDrift(store);
		assertForgotten(store, decayed.count(), version);
		// the decay's clock restarted: nothing elapsed, nothing to decay
		assertThat(store.decay(now, Duration.ofMillis(1), Duration.ZERO)).isEqualTo(1.0);

		// frozen, the model is kept as it is
		learnSome(store);
		LinearStatistics frozen = store.load().statistics();
		store.freeze(true);
		assertThat(store.reset(now)).isFalse();
		assertThat(store.load().statistics().toPacked()).containsExactly(frozen.toPacked());
	}

	private void learnSome(ModelStore store) {
		for (int i = 0; i < 50; i++) {
			serve(store, false, false);
		}
		closeAll(store);
	}

	/**
	 * Feeds a new drift watch (response {@code reset}) a stream whose clicks jump from
	 * none to half, until it detects.
	 */
	private void detectDrift(ModelStore store) {
		DriftWatch watch = new DriftWatch(
				new DriftWatch.Settings(DriftResponse.Kind.RESET, 0, 5, 50, Duration.ofHours(1), Duration.ofHours(2)),
				store, this.clock, (d) -> {
				});
		List<DriftWatch.Detection> found = new ArrayList<>();
		double[] x = new double[FeatureVector.DIMENSION];
		for (int batch = 0; batch < 100 && found.isEmpty(); batch++) {
			List<Observation> observations = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				observations.add(new Observation(Observation.Kind.SHOWN, "linucb", "exploit", true, 0, false, x));
				if (batch >= 10 && i % 2 == 0) {
					observations.add(new Observation(Observation.Kind.CREDIT, "linucb", "exploit", true, 1, true, x));
				}
			}
			found.addAll(watch.observe(observations));
		}
		assertThat(found).singleElement().satisfies((d) -> assertThat(d.direction()).isEqualTo("up"));
	}

	/** A and b are zero, the count of rewards kept, and the version moved on. */
	private static void assertForgotten(ModelStore store, long count, long versionBefore) {
		LinearStatistics after = store.load().statistics();
		double[] packed = after.toPacked();
		assertThat(after.count()).isEqualTo(count);
		for (int k = 1; k < packed.length; k++) {
			assertThat(packed[k]).as("entry %d", k).isZero();
		}
		assertThat(store.load().version()).isGreaterThan(versionBefore);
	}

	@Test
	void heldOutSlatesTeachTheModelNothingAndAreKeptForTheGuard() {
		ModelStore store = newStore();
		String recommendation = "held";
		double[] clicked = features();
		double[] passed = features();
		this.join.served(
				new ServedSlate(recommendation, "u2", "linucb", 0, this.clock.instant(),
						List.of(new ServedSlate.ShownItem("a", 0, 1.0, "exploit", clicked, null),
								new ServedSlate.ShownItem("b", 1, 1.0, "exploit", passed, null)),
						true),
				this.clock.millis(), this.learned::add);
		this.join.feedback("u2", "a", recommendation, 1.0, this.clock.millis(), this.learned::add);
		closeAll(store);
		assertThat(store.load().statistics().count()).isZero();
		assertThat(store.load().version()).isZero();
		List<HoldoutGuard.Observation> heldOut = store.heldOut(10);
		assertThat(heldOut).hasSize(2);
		HoldoutGuard.Observation a = heldOut.stream().filter((o) -> o.reward() == 1.0).findFirst().orElseThrow();
		HoldoutGuard.Observation b = heldOut.stream().filter((o) -> o.reward() == 0.0).findFirst().orElseThrow();
		assertThat(a.x()).containsExactly(clicked);
		assertThat(b.x()).containsExactly(passed);
		assertThat(store.counts("linucb").clicked()).isEqualTo(1);
	}

	@Test
	void theGuardFreezesAModelThatRanksWorseThanItsSnapshot() {
		ModelStore store = newStore();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ModelMaintenance maintenance = new ModelMaintenance(store, new HoldoutGuard(0.05, 200, 20), 1.0, Duration.ZERO,
				this.clock, new KairosMetrics(registry, List.of("click"), List.of("linucb"), this.clock::millis));
		for (int i = 0; i < 400; i++) {
			serve(store, false, false);
			serve(store, true, false);
		}
		closeAll(store);
		maintenance.snapshot();
		assertThat(store.snapshots()).hasSize(1);
		// a little more of the same: the model stays as good as its snapshot
		for (int i = 0; i < 50; i++) {
			serve(store, false, false);
		}
		closeAll(store);
		GuardCheck healthy = maintenance.guard().orElseThrow();
		assertThat(healthy.verdict().judged()).isTrue();
		assertThat(healthy.verdict().tripped()).isFalse();
		assertThat(store.load().frozen()).isFalse();

		// feedback turns upside down (a broken client, a bad deploy): the model learns it
		for (int i = 0; i < 3000; i++) {
			serve(store, false, true);
		}
		closeAll(store);
		GuardCheck tripped = maintenance.guard().orElseThrow();
		assertThat(tripped.verdict().tripped()).isTrue();
		assertThat(tripped.froze()).isTrue();
		assertThat(tripped.verdict().auc()).isLessThan(tripped.verdict().referenceAuc() - 0.05);
		assertThat(store.load().frozen()).isTrue();
		assertThat(store.guardCheck()).contains(tripped);
		assertThat(registry.get(KairosMetrics.GUARD_TRIPS).counter().count()).isEqualTo(1);
		assertThat(registry.get(KairosMetrics.GUARD_AUC).gauge().value()).isEqualTo(tripped.verdict().auc());
		// frozen: nothing more is learned and no snapshot replaces the good one
		long count = store.load().statistics().count();
		serve(store, false, true);
		closeAll(store);
		maintenance.snapshot();
		assertThat(store.load().statistics().count()).isEqualTo(count);
		assertThat(store.snapshots()).hasSize(1);
	}

}
