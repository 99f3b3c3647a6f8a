package dev.kairos.core.bandit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The neural-linear bandit explores on the towers' representation: in a world where the
 * click depends on how user and item vectors align, which the hand-made features (a
 * constant here) cannot tell, it learns to serve aligned items; linear Thompson sampling
 * on the hand-made features alone cannot.
 */
class NeuralLinearTest {

	private static final int D = 4;

	private static float[] unit(SplittableRandom random) {
		float[] v = new float[D];
		double norm = 0;
		for (int k = 0; k < D; k++) {
			v[k] = (float) (random.nextDouble() * 2 - 1);
			norm += v[k] * v[k];
		}
		for (int k = 0; k < D; k++) {
			v[k] /= (float) Math.sqrt(norm);
		}
		return v;
	}

	private static double clickProbability(float[] u, float[] v) {
		double dot = 0;
		for (int k = 0; k < D; k++) {
			dot += u[k] * v[k];
		}
		// a dimension that matters more than the others: the linear layer must re-weigh
		return 1 / (1 + Math.exp(-(4 * dot + 2 * u[0] * v[0] - 1.5)));
	}

	/** Clicks earned over the rounds by a policy choosing 1 of 10 items for a user. */
	private static double clicks(BanditPolicy policy, boolean towers, long seed) {
		SplittableRandom world = new SplittableRandom(seed);
		List<float[]> users = new ArrayList<>();
		List<float[]> items = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			users.add(unit(world));
			items.add(unit(world));
		}
		NeuralLinear features = new NeuralLinear(D, 1, 0.5, 1, new SplittableRandom(0));
		double total = 0;
		for (int round = 0; round < 3_000; round++) {
			float[] u = users.get(world.nextInt(users.size()));
			List<Arm> arms = new ArrayList<>();
			for (int c = 0; c < 10; c++) {
				int i = world.nextInt(items.size());
				double[] x = towers ? features.features(u, items.get(i), new double[] { 1 }) : new double[] { 1 };
				arms.add(new Arm("item-" + i + "-" + c, x));
			}
			String chosenId = policy.select(arms, 1).chosen().get(0).id();
			Arm chosen = arms.stream().filter((a) -> a.id().equals(chosenId)).findFirst().orElseThrow();
			int i = Integer.parseInt(chosen.id().split("-")[1]);
			double reward = (world.nextDouble() < clickProbability(u, items.get(i))) ? 1 : 0;
			policy.update(chosen, reward);
			total += reward;
		}
		return total;
	}

	@Test
	void learnsWhatTheTowersRepresentationTellsAndTheHandMadeFeaturesDoNot() {
		double neural = clicks(new NeuralLinear(D, 1, 0.5, 1, new SplittableRandom(1)), true, 11);
		double plain = clicks(new LinearThompson(1, 0.5, 1, new SplittableRandom(1)), false, 11);
		assertThat(neural).isGreaterThan(1.3 * plain);
	}

	@Test
	void featuresAreTheTowersProductThenTheHandMadeOnes() {
		NeuralLinear policy = new NeuralLinear(2, 1, 0.5, 1, new SplittableRandom(1));
		assertThat(policy.features(new float[] { 2, 3 }, new float[] { 5, -1 }, new double[] { 7 })).containsExactly(10,
				-3, 7);
		assertThat(policy.dimension()).isEqualTo(3);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> policy.features(new float[] { 1 }, new float[] { 1, 1 }, new double[] { 1 }));
	}

	@Test
	void discountingForgetsOldStatistics() {
		NeuralLinear policy = new NeuralLinear(1, 1, 0.5, 1, new SplittableRandom(1));
		policy.update(new Arm("a", new double[] { 1, 1 }), 1);
		double before = policy.statistics().b()[0];
		policy.discount(0.5);
		assertThat(policy.statistics().b()[0]).isEqualTo(before / 2);
		policy.restore(policy.statistics());
		assertThat(policy.statistics().count()).isEqualTo(1);
	}

}
