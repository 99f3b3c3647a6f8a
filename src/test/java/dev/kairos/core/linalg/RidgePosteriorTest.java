package dev.kairos.core.linalg;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RidgePosteriorTest {

	private static final int D = 6;

	/** A model that learned 50 random observations, and its frozen posterior. */
	private static RidgeModel learned(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		RidgeModel model = new RidgeModel(D, 1.5);
		for (int t = 0; t < 50; t++) {
			double[] x = new double[D];
			for (int i = 0; i < D; i++) {
				x[i] = random.nextDouble(-1, 1);
			}
			model.update(x, random.nextDouble() < 0.3 ? 1 : 0);
		}
		return model;
	}

	@Test
	void meansAndWidthsAreTheLearningModelsOnes() {
		RidgeModel model = learned(7);
		RidgePosterior posterior = RidgePosterior.of(model.statistics(), 1.5);
		SplittableRandom random = new SplittableRandom(3);
		double[][] xs = new double[9][D];
		for (double[] x : xs) {
			for (int i = 0; i < D; i++) {
				x[i] = random.nextDouble(-1, 1);
			}
		}
		double[] means = new double[xs.length];
		double[] widths = new double[xs.length];
		posterior.meansAndWidths(xs, means, widths);
		for (int c = 0; c < xs.length; c++) {
			assertThat(means[c]).isCloseTo(model.mean(xs[c]), within(1e-9));
			assertThat(widths[c]).isCloseTo(model.width(xs[c]), within(1e-9));
		}
		assertThat(posterior.count()).isEqualTo(50);
		assertThat(posterior.theta()).containsExactly(model.theta(), within(1e-9));
	}

	@Test
	void featuresZeroForEveryCandidateAreSkippedWithoutChangingAnything() {
		RidgeModel model = learned(11);
		RidgePosterior posterior = RidgePosterior.of(model.statistics(), 1.5);
		SplittableRandom random = new SplittableRandom(5);
		double[][] xs = new double[7][D];
		for (double[] x : xs) {
			for (int i = 0; i < D; i++) {
				// features 1 and 4 are 0 for every candidate, 2 for some
				x[i] = (i == 1 || i == 4 || (i == 2 && random.nextBoolean())) ? 0 : random.nextDouble(-1, 1);
			}
		}
		double[] means = new double[xs.length];
		double[] widths = new double[xs.length];
		posterior.meansAndWidths(xs, means, widths);
		for (int c = 0; c < xs.length; c++) {
			assertThat(means[c]).isCloseTo(model.mean(xs[c]), within(1e-9));
			assertThat(widths[c]).isCloseTo(model.width(xs[c]), within(1e-9));
		}
	}

	@Test
	void manyCandidatesAtTheSchemasDimensionScoreAsTheLearningModelOneByOne() {
		// d = 48 with columns that are 0 for every candidate, one-hot blocks and a
		// dimension that is not a multiple of the loop's four columns per pass
		int d = 48;
		SplittableRandom random = new SplittableRandom(13);
		RidgeModel model = new RidgeModel(d, 1.0);
		for (int t = 0; t < 400; t++) {
			model.update(vector(d, random), random.nextDouble() < 0.2 ? 1 : 0);
		}
		RidgePosterior posterior = RidgePosterior.of(model.statistics(), 1.0);
		double[][] xs = new double[301][];
		for (int c = 0; c < xs.length; c++) {
			xs[c] = vector(d, random);
			xs[c][7] = 0;
			xs[c][30] = 0;
		}
		double[] means = new double[xs.length];
		double[] widths = new double[xs.length];
		posterior.meansAndWidths(xs, means, widths);
		for (int c = 0; c < xs.length; c++) {
			assertThat(means[c]).isCloseTo(model.mean(xs[c]), within(1e-9));
			assertThat(widths[c]).isCloseTo(model.width(xs[c]), within(1e-9));
		}
	}

	@Test
	void entriesEveryCandidateSharesAreFoldedWithoutChangingTheTerms() {
		// a request's shape: a bias, user and hour entries equal in every vector (one of
		// them negative), a one-hot block, one candidate alone and an empty request
		int d = 48;
		SplittableRandom random = new SplittableRandom(17);
		RidgeModel model = new RidgeModel(d, 1.0);
		for (int t = 0; t < 400; t++) {
			model.update(vector(d, random), random.nextDouble() < 0.2 ? 1 : 0);
		}
		RidgePosterior posterior = RidgePosterior.of(model.statistics(), 1.0);
		for (int n : new int[] { 0, 1, 2, 37 }) {
			double[][] xs = new double[n][];
			for (int c = 0; c < n; c++) {
				xs[c] = vector(d, random);
				xs[c][0] = 1;
				xs[c][9] = 0.25;
				xs[c][12] = -0.7;
				xs[c][17] = 1;
			}
			double[] means = new double[n];
			double[] widths = new double[n];
			posterior.meansAndWidths(xs, means, widths);
			for (int c = 0; c < n; c++) {
				assertThat(means[c]).isCloseTo(model.mean(xs[c]), within(1e-12));
				assertThat(widths[c]).isCloseTo(model.width(xs[c]), within(1e-12));
			}
		}
	}

	/** A vector with a one-hot block (entries 20-27) and about a third of the rest 0. */
	private static double[] vector(int d, SplittableRandom random) {
		double[] x = new double[d];
		for (int i = 0; i < d; i++) {
			x[i] = (i >= 20 && i < 28) || random.nextInt(3) == 0 ? 0 : random.nextDouble(-1, 1);
		}
		x[20 + random.nextInt(8)] = 1;
		return x;
	}

	@Test
	void aDrawIsTheLearningModelsDrawFromTheSameNormals() {
		RidgeModel model = learned(11);
		RidgePosterior posterior = RidgePosterior.of(model.statistics(), 1.5);
		double[] expected = new double[D];
		model.sampleTheta(new SplittableRandom(5), 0.7, expected);
		assertThat(posterior.sampleTheta(new SplittableRandom(5), 0.7)).containsExactly(expected, within(1e-9));
	}

	@Test
	void theEmptyPosteriorIsThePrior() {
		RidgePosterior prior = RidgePosterior.empty(D, 4);
		double[] x = { 1, 0, 0, 0, 0, 0 };
		double[] means = new double[1];
		double[] widths = new double[1];
		prior.meansAndWidths(new double[][] { x }, means, widths);
		assertThat(means[0]).isZero();
		// A = 4I: xᵀA⁻¹x = 1/4
		assertThat(widths[0]).isCloseTo(0.5, within(1e-12));
	}

}
