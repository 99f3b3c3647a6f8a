package dev.kairos.bench.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A learner that knows how the {@link World} is made: the click formula, the hours'
 * kernels, the drift, and that each user has one morning, one evening and one steady
 * category. All it must learn is which categories each user has (and the morning one
 * after the drift), by exact Bayesian inference from every impression and click of the
 * user at every hour; and, unless it is told, each item's quality. What it reaches from
 * the same impressions says how much the service's model-free ranking leaves on the table
 * (docs/simulator.md). It is not an upper bound: greedy choices and Thompson sampling do
 * not explore optimally.
 *
 * <p>
 * The posterior over the {@code 12·12·11·12} hypotheses per user is kept as log weights;
 * an impression adds, to each hypothesis, the log-likelihood of click or no click at the
 * interest it gives the item's category.
 */
final class WorldPosterior {

	private final World world;

	private final int categories;

	private final int driftAt;

	private final int[] morning;

	private final int[] morningAfter;

	private final int[] evening;

	private final int[] steady;

	private final double[] priorLog;

	private final double[][] logWeights;

	private final boolean blocks;

	/** The items' quality the learner goes by: the world's, or an estimate. */
	private final double[] quality;

	/**
	 * Whether the items' quality is learned (a Gaussian posterior per item, its mean in
	 * {@link #quality}, updated by assumed-density filtering and explored by drawing from
	 * it) rather than given.
	 */
	private final boolean learnQuality;

	private final double[] qPrecision;

	/** The interest codes' probabilities per category at the last slate. */
	private double[][] lastCodes;

	WorldPosterior(World world, int driftAt, double driftShare, boolean blocks, double[] quality,
			boolean learnQuality) {
		this.world = world;
		this.blocks = blocks;
		this.quality = quality;
		this.learnQuality = learnQuality;
		this.qPrecision = new double[world.itemCount()];
		Arrays.fill(this.qPrecision, 1);
		this.categories = world.categories;
		this.driftAt = driftAt;
		int c = this.categories;
		int size = c * c * (c - 1) * c;
		this.morning = new int[size];
		this.morningAfter = new int[size];
		this.evening = new int[size];
		this.steady = new int[size];
		this.priorLog = new double[size];
		int h = 0;
		for (int m = 0; m < c; m++) {
			for (int m2 = 0; m2 < c; m2++) {
				double pDrift = (m2 == m) ? 1 - driftShare : driftShare / (c - 1);
				for (int e = 0; e < c; e++) {
					if (e == m) {
						continue;
					}
					for (int s = 0; s < c; s++) {
						this.morning[h] = m;
						this.morningAfter[h] = m2;
						this.evening[h] = e;
						this.steady[h] = s;
						this.priorLog[h] = Math.log(Math.max(1e-300, pDrift));
						h++;
					}
				}
			}
		}
		this.logWeights = new double[world.users][];
	}

	/**
	 * The slate: the {@code slots} active items the user has not consumed with the
	 * highest expected attraction under the posterior ({@code thompson} false), or under
	 * one hypothesis drawn from it (Thompson sampling).
	 */
	List<Integer> slate(int user, double hour, int request, List<Integer> active, int slots, boolean thompson,
			SplittableRandom random) {
		double[] w = weights(user);
		// per category, the probability of each of the 8 interest codes
		double[][] codes = new double[this.categories][8];
		if (thompson) {
			int chosen = World.draw(random, w);
			for (int c = 0; c < this.categories; c++) {
				codes[c][code(chosen, c, request)] = 1;
			}
		}
		else {
			for (int h = 0; h < w.length; h++) {
				if (w[h] == 0) {
					continue;
				}
				int mc = (request >= this.driftAt) ? this.morningAfter[h] : this.morning[h];
				codes[mc][code(h, mc, request)] += w[h];
				if (this.evening[h] != mc) {
					codes[this.evening[h]][code(h, this.evening[h], request)] += w[h];
				}
				if (this.steady[h] != mc && this.steady[h] != this.evening[h]) {
					codes[this.steady[h]][code(h, this.steady[h], request)] += w[h];
				}
			}
			for (double[] row : codes) {
				double special = 0;
				for (int k = 1; k < 8; k++) {
					special += row[k];
				}
				row[0] = Math.max(0, 1 - special);
			}
		}
		double[] level = new double[8];
		for (int k = 0; k < 8; k++) {
			level[k] = interest(k, hour);
		}
		this.lastCodes = codes;
		List<double[]> scored = new ArrayList<>();
		for (int i : active) {
			if (this.world.attraction(user, i, hour, request) == 0) {
				continue;
			}
			int c = this.world.categoryOf(i);
			double q = this.learnQuality ? this.quality[i] + random.nextGaussian() / Math.sqrt(this.qPrecision[i])
					: this.quality[i];
			double expected = 0;
			for (int k = 0; k < 8; k++) {
				if (codes[c][k] > 0) {
					expected += codes[c][k] * World.clickProbability(level[k], q);
				}
			}
			scored.add(new double[] { i, expected });
		}
		scored.sort(Comparator.comparingDouble((double[] s) -> -s[1]));
		List<Integer> slate = new ArrayList<>(slots);
		for (int k = 0; k < slots && k < scored.size(); k++) {
			slate.add((int) scored.get(k)[0]);
		}
		return slate;
	}

	/** The user was shown the item at the position (from 0), and clicked it or not. */
	void observe(int user, int item, int position, double hour, int request, boolean clicked) {
		double[] lw = this.logWeights[user];
		if (lw == null) {
			lw = this.priorLog.clone();
			this.logWeights[user] = lw;
		}
		int c = this.world.categoryOf(item);
		double[] logLikelihood = new double[8];
		for (int k = 0; k < 8; k++) {
			double p = World.clickProbability(interest(k, hour), this.quality[item]) * World.positionBias(position);
			logLikelihood[k] = Math.log(clicked ? p : 1 - p);
		}
		for (int h = 0; h < lw.length; h++) {
			lw[h] += logLikelihood[code(h, c, request)];
		}
		if (this.learnQuality && this.lastCodes != null) {
			double b = World.positionBias(position);
			double gradient = 0;
			double information = 0;
			for (int k = 0; k < 8; k++) {
				double w = this.lastCodes[c][k];
				if (w == 0) {
					continue;
				}
				double sig = World.clickProbability(interest(k, hour), this.quality[item]);
				double slope = World.QUALITY_WEIGHT;
				gradient += w * (clicked ? slope * (1 - sig) : -slope * sig * (1 - sig) * b / (1 - sig * b));
				information += w * slope * slope * sig * (1 - sig) * b;
			}
			this.qPrecision[item] += information;
			this.quality[item] += gradient / this.qPrecision[item];
		}
	}

	private double[] weights(int user) {
		double[] lw = (this.logWeights[user] != null) ? this.logWeights[user] : this.priorLog;
		double max = Arrays.stream(lw).max().orElse(0);
		double[] w = new double[lw.length];
		double sum = 0;
		for (int h = 0; h < lw.length; h++) {
			w[h] = Math.exp(lw[h] - max);
			sum += w[h];
		}
		for (int h = 0; h < lw.length; h++) {
			w[h] /= sum;
		}
		return w;
	}

	/**
	 * Which of the user's hidden categories category c is under hypothesis h: bit 0 the
	 * morning one (after the drift from its request on), bit 1 the evening one, bit 2 the
	 * steady one.
	 */
	private int code(int h, int c, int request) {
		int mc = (request >= this.driftAt) ? this.morningAfter[h] : this.morning[h];
		return ((c == mc) ? 1 : 0) | ((c == this.evening[h]) ? 2 : 0) | ((c == this.steady[h]) ? 4 : 0);
	}

	private double interest(int code, double hour) {
		return (((code & 1) != 0) ? kernel(hour, World.MORNING_PEAK) : 0)
				+ (((code & 2) != 0) ? kernel(hour, World.EVENING_PEAK) : 0)
				+ (((code & 4) != 0) ? World.STEADY_INTEREST : 0);
	}

	/**
	 * The world's kernel, or with {@code blocks} its mean over the 6-hour block of the
	 * hour (what a learner with the service's resolution could know).
	 */
	private double kernel(double hour, double center) {
		if (!this.blocks) {
			return World.kernel(hour, center);
		}
		double start = Math.floor(hour / 6) * 6;
		double sum = 0;
		for (int k = 0; k < 60; k++) {
			sum += World.kernel(start + (k + 0.5) * 0.1, center) / 60;
		}
		return sum;
	}

}
