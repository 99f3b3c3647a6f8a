package dev.kairos.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.ArmScore;
import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.bandit.Slate;

/**
 * The uniform-random logger as a policy: chooses k of n candidates uniformly at random
 * without replacement and learns nothing. Each candidate's propensity is k / n.
 *
 * <p>
 * It is the baseline of every evaluation table (the Open Bandit Dataset's {@code random/}
 * logs were collected by this policy), and the policy whose IPS and SNIPS estimates on
 * its own log equal the logged mean reward exactly.
 */
public final class UniformRandomPolicy implements BanditPolicy {

	private final SplittableRandom random;

	/** A policy drawing from a random source seeded with {@code seed}. */
	public UniformRandomPolicy(long seed) {
		this.random = new SplittableRandom(seed);
	}

	@Override
	public String name() {
		return "uniform-random";
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		if (k < 1) {
			throw new IllegalArgumentException("k must be at least 1: " + k);
		}
		int n = candidates.size();
		int size = Math.min(k, n);
		double propensity = (n == 0) ? 0 : (double) size / n;
		List<ArmScore> scored = new ArrayList<>(n);
		for (Arm candidate : candidates) {
			scored.add(new ArmScore(candidate.id(), 0, 0, 0, propensity));
		}
		// partial Fisher-Yates shuffle of the indices: the first `size` are the sample
		int[] order = new int[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		List<ArmScore> chosen = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			int j = i + this.random.nextInt(n - i);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
			chosen.add(scored.get(order[i]));
		}
		return new Slate(chosen, scored);
	}

	@Override
	public void update(Arm arm, double reward) {
		// the logger does not learn
	}

}
