package dev.kairos.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.learning.ModelLearner;
import dev.kairos.learning.ModelStore;
import dev.kairos.learning.Observation;
import dev.kairos.metrics.KairosMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Two workers merging the same log of 10,000 observations (four partitions, in batches),
 * concurrently, each also redelivering batches the other merged and batches that overlap
 * them, leave exactly the statistics one worker leaves merging it alone (up to the order
 * of floating-point additions), on a real Redis: the offset check counts each observation
 * once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class ModelStoreConcurrencyTest {

	private static final int OBSERVATIONS = 10_000;

	private static final int PARTITIONS = 4;

	@Autowired
	private RedisSession session;

	@Test
	void twoWorkersLearnExactlyWhatOneWorkerLearns() throws Exception {
		List<ModelLearner.Logged> log = new ArrayList<>();
		SplittableRandom random = new SplittableRandom(7);
		long[] offsets = new long[PARTITIONS];
		LinearStatistics recount = LinearStatistics.empty(FeatureVector.DIMENSION);
		for (int i = 0; i < OBSERVATIONS; i++) {
			double[] x = new double[FeatureVector.DIMENSION];
			x[0] = 1;
			for (int j = 1; j < x.length; j++) {
				x[j] = (random.nextDouble() < 0.3) ? Math.round(random.nextDouble() * 1000) / 1000.0 : 0;
			}
			int partition = i % PARTITIONS;
			log.add(new ModelLearner.Logged(partition, offsets[partition]++,
					new Observation(Observation.Kind.SHOWN, "linucb", "exploit", true, 0, false, x)));
			recount = recount.plus(LinearStatistics.observation(x, 0));
			if (random.nextDouble() < 0.2) {
				log.add(new ModelLearner.Logged(partition, offsets[partition]++,
						new Observation(Observation.Kind.CREDIT, "linucb", "exploit", true, 1, true, x)));
				recount = recount.plus(LinearStatistics.of(FeatureVector.DIMENSION,
						new double[FeatureVector.DIMENSION * FeatureVector.DIMENSION], x, 0));
			}
		}

		LinearStatistics alone = learn(log, 1);
		LinearStatistics together = learn(log, 2);

		assertThat(alone.count()).isEqualTo(OBSERVATIONS);
		assertThat(together.count()).isEqualTo(alone.count());
		double[] want = recount.toPacked();
		double[] a = alone.toPacked();
		double[] b = together.toPacked();
		for (int k = 0; k < a.length; k++) {
			assertThat(a[k]).as("entry %d alone", k).isCloseTo(want[k], within(1e-9 * Math.max(1, Math.abs(want[k]))));
			assertThat(b[k]).as("entry %d together", k)
				.isCloseTo(want[k], within(1e-9 * Math.max(1, Math.abs(want[k]))));
		}
	}

	/**
	 * Merges the log with {@code workers} concurrent workers racing on every partition,
	 * as after rebalances: each worker, again and again, reads a partition's merged
	 * offset, takes the records that follow (a batch of 1 to 100), a third of the time
	 * starting up to 20 records early (a redelivery after a crash before the commit), and
	 * merges them; a merge that finds the offset moved by the other worker fails and is
	 * tried again, as the listener's error handler does.
	 */
	private LinearStatistics learn(List<ModelLearner.Logged> log, int workers) throws Exception {
		RedisModelStore store = new RedisModelStore(this.session,
				"test-" + UUID.randomUUID().toString().substring(0, 8) + ":");
		List<List<ModelLearner.Logged>> partitions = new ArrayList<>();
		for (int p = 0; p < PARTITIONS; p++) {
			int partition = p;
			partitions.add(log.stream().filter((l) -> l.partition() == partition).toList());
		}
		KairosMetrics metrics = new KairosMetrics(new SimpleMeterRegistry(), List.of("click"), List.of("linucb"),
				System::currentTimeMillis);
		List<CompletableFuture<Integer>> running = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			ModelStore own = (w == 0) ? store : new RedisModelStore(this.session, store.namespace());
			ModelLearner learner = new ModelLearner(own, metrics);
			SplittableRandom random = new SplittableRandom(100 + w);
			running.add(CompletableFuture.supplyAsync(() -> {
				int conflicts = 0;
				boolean done = false;
				while (!done) {
					done = true;
					for (int p = 0; p < PARTITIONS; p++) {
						List<ModelLearner.Logged> records = partitions.get(p);
						long merged = own.mergedOffsets(List.of(p)).get(p);
						if (merged >= records.size() - 1) {
							continue;
						}
						done = false;
						int start = (int) merged + 1;
						if (random.nextInt(3) == 0) {
							start = Math.max(0, start - random.nextInt(21));
						}
						int end = Math.min(records.size(), (int) merged + 2 + random.nextInt(100));
						try {
							learner.learn(records.subList(start, end));
						}
						catch (IllegalStateException ex) {
							conflicts++; // the other worker merged meanwhile: redelivered
						}
					}
				}
				return conflicts;
			}));
		}
		for (CompletableFuture<Integer> worker : running) {
			worker.get();
		}
		return store.load().statistics();
	}

}
