package dev.kairos.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.learning.Impression;
import dev.kairos.learning.ModelStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Two workers applying the same 10,000 rewards, concurrently and each also redelivering
 * some of the other's, leave exactly the statistics one worker leaves applying them alone
 * (up to the order of floating-point additions), on a real Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.learning.attribution-window=2s" })
class ModelStoreConcurrencyTest {

	private static final int REWARDS = 10_000;

	@Autowired
	private RedisSession session;

	private record Feedback(String user, String item, String recommendation, double reward) {
	}

	@Test
	void twoWorkersLearnExactlyWhatOneWorkerLearns() throws Exception {
		List<Impression> impressions = new ArrayList<>();
		List<Feedback> feedback = new ArrayList<>();
		SplittableRandom random = new SplittableRandom(7);
		for (int i = 0; i < REWARDS; i++) {
			double[] x = new double[FeatureVector.DIMENSION];
			x[0] = 1;
			for (int j = 1; j < x.length; j++) {
				x[j] = (random.nextDouble() < 0.3) ? Math.round(random.nextDouble() * 1000) / 1000.0 : 0;
			}
			String recommendation = "r" + i;
			impressions.add(new Impression(recommendation, "u" + (i % 97), "linucb", 0, Instant.EPOCH,
					List.of(new Impression.ShownItem("i" + i, 0, 1.0, "exploit", x, null)), false));
			feedback.add(new Feedback("u" + (i % 97), "i" + i, recommendation, random.nextDouble() < 0.2 ? 1 : 0));
		}

		LinearStatistics alone = learn(impressions, feedback, 1);
		LinearStatistics together = learn(impressions, feedback, 2);

		assertThat(alone.count()).isEqualTo(REWARDS);
		assertThat(together.count()).isEqualTo(alone.count());
		double[] a = alone.toPacked();
		double[] b = together.toPacked();
		for (int k = 0; k < a.length; k++) {
			assertThat(b[k]).as("entry %d", k).isCloseTo(a[k], within(1e-9 * Math.max(1, Math.abs(a[k]))));
		}
	}

	/**
	 * Learns all feedback with {@code workers} concurrent workers, each redelivering a
	 * tenth of another's.
	 */
	private LinearStatistics learn(List<Impression> impressions, List<Feedback> feedback, int workers)
			throws Exception {
		ModelStore store = new RedisModelStore(this.session, Clock.systemUTC(),
				"test-" + UUID.randomUUID().toString().substring(0, 8) + ":");
		for (Impression impression : impressions) {
			store.remember(impression, Duration.ofHours(1));
		}
		List<CompletableFuture<Void>> running = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			int worker = w;
			ModelStore own = (worker == 0) ? store
					: new RedisModelStore(this.session, Clock.systemUTC(), namespaceOf(store));
			running.add(CompletableFuture.runAsync(() -> {
				for (int i = 0; i < feedback.size(); i++) {
					boolean mine = i % workers == worker;
					boolean redelivered = workers > 1 && !mine && i % 10 == 0;
					if (mine || redelivered) {
						Feedback f = feedback.get(i);
						own.reward(f.user(), f.item(), f.recommendation(), f.reward());
					}
				}
			}));
		}
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get();
		return store.load().statistics();
	}

	private static String namespaceOf(ModelStore store) {
		return ((RedisModelStore) store).namespace();
	}

}
