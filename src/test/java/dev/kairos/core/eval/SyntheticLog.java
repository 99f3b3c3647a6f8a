package dev.kairos.core.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.ArmScore;
import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.bandit.Slate;

/**
 * A synthetic contextual bandit with known click probabilities, logged by a
 * uniform-random logger: {@code contexts} contexts drawn uniformly, {@code actions}
 * actions, Bernoulli rewards with probability
 * {@link #CLICK_PROBABILITY}[context][action]. Each candidate's features are the one-hot
 * context.
 */
final class SyntheticLog {

	static final double[][] CLICK_PROBABILITY = { { 0.10, 0.30, 0.05, 0.20 }, { 0.25, 0.05, 0.40, 0.10 },
			{ 0.05, 0.15, 0.10, 0.50 } };

	static final int CONTEXTS = CLICK_PROBABILITY.length;

	static final int ACTIONS = CLICK_PROBABILITY[0].length;

	private SyntheticLog() {
	}

	static List<LoggedEvent> generate(int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<LoggedEvent> log = new ArrayList<>(n);
		Instant start = Instant.parse("2026-01-01T00:00:00Z");
		for (int t = 0; t < n; t++) {
			int context = random.nextInt(CONTEXTS);
			double[] features = new double[CONTEXTS];
			features[context] = 1;
			List<Arm> candidates = new ArrayList<>(ACTIONS);
			for (int a = 0; a < ACTIONS; a++) {
				candidates.add(new Arm("a" + a, features));
			}
			int action = random.nextInt(ACTIONS);
			double reward = (random.nextDouble() < CLICK_PROBABILITY[context][action]) ? 1 : 0;
			log.add(new LoggedEvent(features, candidates, "a" + action, reward, 1.0 / ACTIONS, start.plusSeconds(t),
					0));
		}
		return log;
	}

	/** The deterministic target policy: action (context + 1) mod ACTIONS. */
	static int targetAction(int context) {
		return (context + 1) % ACTIONS;
	}

	/** Its true value: contexts are uniform. */
	static double targetValue() {
		double sum = 0;
		for (int context = 0; context < CONTEXTS; context++) {
			sum += CLICK_PROBABILITY[context][targetAction(context)];
		}
		return sum / CONTEXTS;
	}

	/** The target policy as a {@link BanditPolicy}; it does not learn. */
	static final class FixedRulePolicy implements BanditPolicy {

		@Override
		public String name() {
			return "fixed-rule";
		}

		@Override
		public Slate select(List<Arm> candidates, int k) {
			double[] features = candidates.get(0).features();
			int context = 0;
			while (features[context] == 0) {
				context++;
			}
			String target = "a" + targetAction(context);
			List<ArmScore> scored = candidates.stream()
				.map((arm) -> new ArmScore(arm.id(), 0, 0, 0, arm.id().equals(target) ? 1 : 0))
				.toList();
			return new Slate(scored.stream().filter((score) -> score.id().equals(target)).toList(), scored);
		}

		@Override
		public void update(Arm arm, double reward) {
		}

	}

}
