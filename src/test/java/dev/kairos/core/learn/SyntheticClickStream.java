package dev.kairos.core.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A click stream drawn from a known logistic model: {@code fields} categorical fields of
 * {@code values} values each, one value per field per example, true weights drawn from
 * N(0, scale^2), a bias, labels drawn from Bernoulli(sigmoid(margin)). Deterministic in
 * its seed. Optional irrelevant indicator features carry no signal.
 */
final class SyntheticClickStream {

	final int fields;

	final int values;

	final double bias;

	double[] trueWeights;

	final int noiseFeatures;

	final int noisePerExample;

	final SplittableRandom random;

	SyntheticClickStream(int fields, int values, double scale, double bias, int noiseFeatures, int noisePerExample,
			long seed) {
		this.fields = fields;
		this.values = values;
		this.bias = bias;
		this.noiseFeatures = noiseFeatures;
		this.noisePerExample = noisePerExample;
		this.random = new SplittableRandom(seed);
		this.trueWeights = drawWeights(scale);
	}

	/** Replaces the true model: an abrupt concept change. */
	void changeConcept(double scale) {
		this.trueWeights = drawWeights(scale);
	}

	private double[] drawWeights(double scale) {
		double[] weights = new double[this.fields * this.values];
		for (int i = 0; i < weights.length; i++) {
			weights[i] = scale * gaussian();
		}
		return weights;
	}

	/** Index layout: relevant features first, then noise, then the bias. */
	int dimension() {
		return this.fields * this.values + this.noiseFeatures + 1;
	}

	int biasIndex() {
		return dimension() - 1;
	}

	Example next() {
		List<Integer> active = new ArrayList<>();
		double margin = this.bias;
		for (int f = 0; f < this.fields; f++) {
			int index = f * this.values + this.random.nextInt(this.values);
			active.add(index);
			margin += this.trueWeights[index];
		}
		for (int k = 0; k < this.noisePerExample; k++) {
			active.add(this.fields * this.values + this.random.nextInt(this.noiseFeatures));
		}
		active.add(biasIndex());
		int[] indices = active.stream().mapToInt(Integer::intValue).toArray();
		double[] ones = new double[indices.length];
		java.util.Arrays.fill(ones, 1.0);
		double p = 1.0 / (1.0 + Math.exp(-margin));
		double label = (this.random.nextDouble() < p) ? 1.0 : 0.0;
		return new Example(SparseVector.of(indices, ones), label, p);
	}

	private double gaussian() {
		// Box–Muller from the seeded source, so the stream does not depend on
		// java.util.Random
		double u = 1.0 - this.random.nextDouble();
		double v = this.random.nextDouble();
		return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
	}

	record Example(SparseVector x, double label, double trueProbability) {
	}

}
