package dev.kairos.core.bandit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.Recommender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The served hybrid LinUCB, built in one pass from additive sums, scores as Li et al.'s
 * Algorithm 2 does incrementally ({@link HybridLinUcb}, with each arm's own features the
 * constant 1).
 */
class ServedHybridLinUcbTest {

	@Test
	void itScoresAsTheIncrementalAlgorithmFromTheSameStream() {
		int k = 3;
		double lambda = 1.0;
		double alpha = 0.7;
		HybridLinUcb incremental = new HybridLinUcb(k, 1, alpha, lambda);
		LinearStatistics shared = LinearStatistics.empty(k);
		Map<String, double[]> sums = new HashMap<>();
		Map<String, double[]> counts = new HashMap<>();
		SplittableRandom random = new SplittableRandom(3);
		String[] ids = { "a", "b", "c" };
		for (int t = 0; t < 400; t++) {
			String id = ids[random.nextInt(ids.length)];
			double[] z = { random.nextDouble(), random.nextGaussian(), 1 };
			double reward = (random.nextDouble() < 0.2 + 0.3 * z[0] + ("b".equals(id) ? 0.3 : 0)) ? 1 : 0;
			incremental.update(new Arm(id, new double[] { z[0], z[1], z[2], 1 }), reward);
			shared = shared.plus(LinearStatistics.observation(z, reward));
			double[] v = sums.computeIfAbsent(id, (key) -> new double[k]);
			for (int j = 0; j < k; j++) {
				v[j] += z[j];
			}
			double[] c = counts.computeIfAbsent(id, (key) -> new double[2]);
			c[0]++;
			c[1] += reward;
		}
		Map<String, ServedHybridLinUcb.ItemStatistics> items = new HashMap<>();
		sums.forEach((id, v) -> items.put(id,
				new ServedHybridLinUcb.ItemStatistics(counts.get(id)[0], counts.get(id)[1], v)));
		ServedHybridLinUcb served = new ServedHybridLinUcb(shared, items, lambda, alpha);

		List<String> candidates = List.of("a", "b", "c", "never-seen");
		double[][] z = new double[candidates.size()][];
		List<Arm> arms = new ArrayList<>();
		for (int i = 0; i < candidates.size(); i++) {
			z[i] = new double[] { 0.1 * (i + 1), -0.3 + 0.2 * i, 1 };
			arms.add(new Arm(candidates.get(i), new double[] { z[i][0], z[i][1], z[i][2], 1 }));
		}
		Recommender.Terms terms = served.terms(candidates, z, random);
		Slate slate = incremental.select(arms, candidates.size());
		for (int i = 0; i < candidates.size(); i++) {
			ArmScore want = slate.scored().get(i);
			assertThat(terms.expectedReward()[i]).as(candidates.get(i)).isCloseTo(want.expectedReward(), within(1e-9));
			assertThat(terms.explorationBonus()[i]).as(candidates.get(i))
				.isCloseTo(want.explorationBonus(), within(1e-9));
		}
		// the arm clicked most is worth more than the others, by its own intercept
		assertThat(terms.expectedReward()[1]).isGreaterThan(terms.expectedReward()[0]);
		assertThat(served.randomized()).isFalse();
	}

}
