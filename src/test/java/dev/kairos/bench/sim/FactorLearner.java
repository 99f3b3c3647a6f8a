package dev.kairos.bench.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.core.stats.Sampling;

/**
 * An experiment in the {@link RankingSandbox} (session 6), the model the service's
 * ranking was ported from (session 7: {@code ItemRates}, {@code ClockLift},
 * {@code Exposure}, with 6-hour blocks instead of its hour kernel): a model-free learner
 * that takes a click's expected count as a product,
 * {@code base · θ_item · λ_user,category(hour) · bias(position)}, and keeps each factor
 * apart from the others it was observed with. It knows nothing of how the {@link World}
 * is made beyond the position bias (the common {@code 1/log2(p + 2)} discount).
 *
 * <p>
 * Each factor has a Gamma posterior {@code Gamma(a + clicks, a + exposure)} (prior mean
 * 1). An impression's exposure is what the other factors expected of it at the time: an
 * item's exposure adds {@code base · λ · bias}, so an item shown mostly to its category's
 * fans is not taken for a good item; the user's adds {@code base · θ · bias} in the
 * hour's bin (24 bins, read through a Gaussian kernel of {@code width} hours). The slate:
 * one draw of {@code λ} per category (Thompson sampling) or its mean, items by {@code θ}
 * (mean or draw) times {@code λ}; one item per category until the category's {@code λ}
 * mean reaches {@code vouched}, as the service's diversity does.
 *
 * @param userPrior {@code a} of the user factors, &gt; 0
 * @param itemPrior {@code a} of the item factors, &gt; 0
 * @param width the hour kernel's standard deviation, hours
 * @param categoryThompson whether {@code λ} is drawn (otherwise its mean)
 * @param itemThompson whether {@code θ} is drawn (otherwise its mean)
 * @param vouched the {@code λ} mean from which a category may take more than one place
 * @param normaliseItems whether an item's exposure counts the user's {@code λ} (otherwise
 * 1)
 * @param normaliseUsers whether a user's exposure counts the item's {@code θ} (otherwise
 * 1)
 * @param blocks whether the user factors are read from the 6-hour block of the hour, as
 * the service's lift, instead of through the kernel
 * @param positionBias whether exposure counts the position bias (otherwise every place
 * counts 1)
 */
record FactorLearner(World world, double userPrior, double itemPrior, double width, boolean categoryThompson,
		boolean itemThompson, double vouched, boolean normaliseItems, boolean normaliseUsers, boolean blocks,
		boolean positionBias, State state) {

	/** The best settings found in session 6 (docs/simulator.md). */
	static FactorLearner of(World world) {
		return new FactorLearner(world, 0.5, 2, 2, false, false, 2, true, true, false, true, new State(world));
	}

	/** The counts. */
	static final class State {

		private final double[] itemClicks;

		private final double[] itemExposure;

		private final double[][][] userClicks;

		private final double[][][] userExposure;

		/** Clicks and position-weighted impressions of everybody: the base rate. */
		private double clicks = 1;

		private double exposure = 20;

		State(World world) {
			this.itemClicks = new double[world.itemCount()];
			this.itemExposure = new double[world.itemCount()];
			this.userClicks = new double[world.users][world.categories][24];
			this.userExposure = new double[world.users][world.categories][24];
		}

	}

	/** The same learner with other settings, sharing nothing. */
	FactorLearner with(double userPrior, double itemPrior, double width, boolean categoryThompson, boolean itemThompson,
			double vouched, boolean normaliseItems, boolean normaliseUsers, boolean blocks, boolean positionBias) {
		return new FactorLearner(this.world, userPrior, itemPrior, width, categoryThompson, itemThompson, vouched,
				normaliseItems, normaliseUsers, blocks, positionBias, new State(this.world));
	}

	/** The posterior of {@code λ}: shape and rate. */
	private double[] lift(int user, int category, double hour) {
		double k = 0;
		double e = 0;
		int block = Math.min(23, (int) hour) / 6;
		for (int b = 0; b < 24; b++) {
			double d = Math.abs(hour - (b + 0.5));
			d = Math.min(d, 24 - d);
			double w = this.blocks ? ((b / 6 == block) ? 1 : 0) : Math.exp(-d * d / (2 * this.width * this.width));
			k += w * this.state.userClicks[user][category][b];
			e += w * this.state.userExposure[user][category][b];
		}
		return new double[] { this.userPrior + k, this.userPrior + e };
	}

	/** The posterior of {@code θ}: shape and rate. */
	private double[] quality(int item) {
		return new double[] { this.itemPrior + this.state.itemClicks[item],
				this.itemPrior + this.state.itemExposure[item] };
	}

	/**
	 * The slate for a user at an hour.
	 * @param candidates the items it may hold (those the user has not consumed), in the
	 * order ties are broken in
	 */
	List<Integer> slate(int user, double hour, List<Integer> candidates, int slots, SplittableRandom random) {
		double[] lambda = new double[this.world.categories];
		double[] lambdaMean = new double[this.world.categories];
		for (int c = 0; c < lambda.length; c++) {
			double[] p = lift(user, c, hour);
			lambdaMean[c] = p[0] / p[1];
			lambda[c] = this.categoryThompson ? Sampling.gamma(random, p[0]) / p[1] : lambdaMean[c];
		}
		List<double[]> scored = new ArrayList<>(candidates.size());
		for (int i : candidates) {
			double[] q = quality(i);
			double theta = this.itemThompson ? Sampling.gamma(random, q[0]) / q[1] : q[0] / q[1];
			scored.add(new double[] { theta * lambda[this.world.categoryOf(i)], i });
		}
		// ties (items never shown, in a category never shown) keep the candidates' order
		scored.sort(Comparator.comparingDouble((double[] s) -> -s[0]));
		List<Integer> slate = new ArrayList<>(slots);
		List<Integer> setAside = new ArrayList<>();
		int[] taken = new int[this.world.categories];
		for (double[] s : scored) {
			if (slate.size() == slots) {
				break;
			}
			int item = (int) s[1];
			int c = this.world.categoryOf(item);
			if (taken[c] < ((lambdaMean[c] >= this.vouched) ? slots : 1)) {
				taken[c]++;
				slate.add(item);
			}
			else {
				setAside.add(item);
			}
		}
		for (int k = 0; slate.size() < slots && k < setAside.size(); k++) {
			slate.add(setAside.get(k));
		}
		return slate;
	}

	/** Counts one impression at a position (from 0), clicked or not. */
	void observe(int user, int item, int position, double hour, boolean click) {
		int category = this.world.categoryOf(item);
		double[] l = lift(user, category, hour);
		double[] q = quality(item);
		double bias = this.positionBias ? World.positionBias(position) : 1;
		double base = this.state.clicks / this.state.exposure;
		int bin = Math.min(23, (int) hour);
		int clicked = click ? 1 : 0;
		this.state.itemClicks[item] += clicked;
		this.state.itemExposure[item] += base * (this.normaliseItems ? l[0] / l[1] : 1) * bias;
		this.state.userClicks[user][category][bin] += clicked;
		this.state.userExposure[user][category][bin] += base * (this.normaliseUsers ? q[0] / q[1] : 1) * bias;
		this.state.clicks += clicked;
		this.state.exposure += bias;
	}

}
