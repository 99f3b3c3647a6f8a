package dev.kairos.core.bandit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic stationary (or abruptly changing) linear bandit for tests: each round,
 * every arm gets a fresh random unit context x; the expected reward is {@code θ*ᵀx},
 * observed with Gaussian noise. Contexts and noise have separate seeded sources, so every
 * policy run with the same seed sees the same contexts.
 */
final class LinearProblem {

	final int dimension;

	final int arms;

	final double noise;

	double[] theta;

	/** Contexts have norms uniform in [minNorm, 1]; 1 gives unit contexts. */
	double minNorm = 1.0;

	private final SplittableRandom contexts;

	private final SplittableRandom noiseSource;

	LinearProblem(int dimension, int arms, double noise, long seed) {
		this.dimension = dimension;
		this.arms = arms;
		this.noise = noise;
		SplittableRandom setup = new SplittableRandom(seed);
		this.theta = unit(setup, dimension);
		this.contexts = new SplittableRandom(seed + 1);
		this.noiseSource = new SplittableRandom(seed + 2);
	}

	List<Arm> candidates() {
		List<Arm> list = new ArrayList<>(this.arms);
		for (int a = 0; a < this.arms; a++) {
			double[] x = unit(this.contexts, this.dimension);
			if (this.minNorm < 1.0) {
				double norm = this.contexts.nextDouble(this.minNorm, 1.0);
				for (int i = 0; i < x.length; i++) {
					x[i] *= norm;
				}
			}
			list.add(new Arm(String.format("arm-%02d", a), x));
		}
		return list;
	}

	double expected(double[] x) {
		double s = 0;
		for (int i = 0; i < x.length; i++) {
			s += this.theta[i] * x[i];
		}
		return s;
	}

	double reward(double[] x) {
		return expected(x) + this.noise * this.noiseSource.nextGaussian();
	}

	double best(List<Arm> candidates) {
		double best = Double.NEGATIVE_INFINITY;
		for (Arm arm : candidates) {
			best = Math.max(best, expected(arm.features()));
		}
		return best;
	}

	/** Plays k = 1 for the given rounds and returns each round's regret. */
	double[] run(BanditPolicy policy, int rounds) {
		double[] regret = new double[rounds];
		for (int t = 0; t < rounds; t++) {
			List<Arm> candidates = candidates();
			Arm chosen = find(candidates, policy.select(candidates, 1).chosen().get(0).id());
			regret[t] = best(candidates) - expected(chosen.features());
			policy.update(chosen, reward(chosen.features()));
		}
		return regret;
	}

	/** The regret of choosing uniformly at random, on the same contexts. */
	double[] runUniform(int rounds, long seed) {
		SplittableRandom choice = new SplittableRandom(seed);
		double[] regret = new double[rounds];
		for (int t = 0; t < rounds; t++) {
			List<Arm> candidates = candidates();
			Arm chosen = candidates.get(choice.nextInt(candidates.size()));
			regret[t] = best(candidates) - expected(chosen.features());
			reward(chosen.features());
		}
		return regret;
	}

	static Arm find(List<Arm> candidates, String id) {
		for (Arm arm : candidates) {
			if (arm.id().equals(id)) {
				return arm;
			}
		}
		throw new AssertionError("chosen id not among candidates: " + id);
	}

	static double sum(double[] values, int from, int to) {
		double s = 0;
		for (int i = from; i < to; i++) {
			s += values[i];
		}
		return s;
	}

	static double[] unit(SplittableRandom random, int d) {
		double[] x = new double[d];
		double norm = 0;
		for (int i = 0; i < d; i++) {
			x[i] = random.nextGaussian();
			norm += x[i] * x[i];
		}
		norm = Math.sqrt(norm);
		for (int i = 0; i < d; i++) {
			x[i] /= norm;
		}
		return x;
	}

}
