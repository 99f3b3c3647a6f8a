package dev.kairos.core.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.ArmScore;
import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.bandit.Slate;

/**
 * A deterministic, non-learning target for off-policy evaluation: ranks candidates by one
 * entry of their feature vector, highest first, ties by id. With the entry of
 * {@code popularity} it stands for the service's {@code popularity} policy (which ranks
 * by the popularity prior) on the logged items.
 */
public final class FeatureRankingPolicy implements BanditPolicy {

	private final String name;

	private final int feature;

	/**
	 * @param name the name it reports
	 * @param feature the index of the feature it ranks by, not negative
	 */
	public FeatureRankingPolicy(String name, int feature) {
		if (feature < 0) {
			throw new IllegalArgumentException("feature must be >= 0: " + feature);
		}
		this.name = name;
		this.feature = feature;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		if (k < 1) {
			throw new IllegalArgumentException("k must be at least 1: " + k);
		}
		List<ArmScore> scored = new ArrayList<>(candidates.size());
		for (Arm arm : candidates) {
			double[] x = arm.features();
			double value = (this.feature < x.length) ? x[this.feature] : 0;
			scored.add(new ArmScore(arm.id(), value, 0, value, 0));
		}
		List<ArmScore> ranked = new ArrayList<>(scored);
		ranked.sort(Comparator.comparingDouble(ArmScore::score).reversed().thenComparing(ArmScore::id));
		List<ArmScore> chosen = ranked.subList(0, Math.min(k, ranked.size()));
		List<ArmScore> withPropensity = new ArrayList<>(scored.size());
		for (ArmScore s : scored) {
			boolean in = chosen.stream().anyMatch((c) -> c.id().equals(s.id()));
			withPropensity.add(new ArmScore(s.id(), s.expectedReward(), 0, s.score(), in ? 1 : 0));
		}
		List<ArmScore> chosenWithPropensity = chosen.stream()
			.map((c) -> new ArmScore(c.id(), c.expectedReward(), 0, c.score(), 1))
			.toList();
		return new Slate(chosenWithPropensity, withPropensity);
	}

	@Override
	public void update(Arm arm, double reward) {
		// ranks by a feature: nothing to learn
	}

}
