package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.ranking.ExplorationSlot;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;

/**
 * {@link EpsilonGreedy} as served, one arm per item: the expected reward is the item's
 * mean ({@link ItemArms}), with no bonus; the slate's last place is explored by ε-greedy
 * ({@link ExplorationSlot#epsilon}: the ranking's item with probability 1 − ε, else a
 * uniformly random remaining candidate), so its propensity is exact.
 *
 * @param arms the per-item statistics at this version
 * @param epsilon ε in [0, 1]
 */
public record ServedEpsilonGreedy(ItemArms arms, double epsilon) implements ServingPolicy {

	public ServedEpsilonGreedy {
		ExplorationSlot.epsilon(epsilon);
	}

	@Override
	public String name() {
		return "epsilon-greedy";
	}

	@Override
	public ExplorationSlot exploration() {
		return ExplorationSlot.epsilon(this.epsilon);
	}

	@Override
	public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
		return ServedSoftmax.means(this.arms, itemIds);
	}

}
