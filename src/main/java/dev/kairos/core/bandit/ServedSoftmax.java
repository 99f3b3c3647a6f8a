package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.ranking.ExplorationSlot;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;

/**
 * {@link Softmax} as served, one arm per item: the expected reward is the item's mean
 * ({@link ItemArms}), with no bonus; the slate's last place goes to a remaining candidate
 * drawn with probability {@code exp(s_i/τ)/Σ exp(s_j/τ)} over their blended scores
 * ({@link ExplorationSlot#softmax}), so its propensity is exact. Deviation from
 * {@link Softmax}: one place is drawn, not the whole slate (whose Plackett–Luce
 * propensities have no closed form).
 *
 * @param arms the per-item statistics at this version
 * @param temperature τ &gt; 0
 */
public record ServedSoftmax(ItemArms arms, double temperature) implements ServingPolicy {

	public ServedSoftmax {
		ExplorationSlot.softmax(temperature);
	}

	@Override
	public String name() {
		return "softmax";
	}

	@Override
	public ExplorationSlot exploration() {
		return ExplorationSlot.softmax(this.temperature);
	}

	@Override
	public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
		return means(this.arms, itemIds);
	}

	/** The items' means as expected rewards, no bonus. */
	static Recommender.Terms means(ItemArms arms, List<String> itemIds) {
		double pooled = arms.pooledMean();
		double[] mean = new double[itemIds.size()];
		for (int i = 0; i < mean.length; i++) {
			mean[i] = arms.mean(itemIds.get(i), pooled);
		}
		return new Recommender.Terms(mean, new double[mean.length], arms.totalPulls());
	}

}
