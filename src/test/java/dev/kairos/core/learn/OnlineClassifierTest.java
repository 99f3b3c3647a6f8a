package dev.kairos.core.learn;

import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Each learner against a stream from a known logistic model: the progressive log-loss of
 * the last 20% of 50,000 examples is close to the true model's and far below the best
 * constant predictor's.
 */
class OnlineClassifierTest {

	static final int EXAMPLES = 50_000;

	static final int TAIL_START = EXAMPLES * 8 / 10;

	static Stream<Arguments> learners() {
		return Stream.of(
				Arguments.of("sgd-inverse-sqrt",
						(IntFunction<OnlineClassifier>) (d) -> new SgdLogisticRegression(d, 0.5, 0.0,
								SgdLogisticRegression.Schedule.INVERSE_SQRT, 0.0)),
				Arguments.of("sgd-inverse-time",
						(IntFunction<OnlineClassifier>) (d) -> new SgdLogisticRegression(d, 0.3, 1e-3,
								SgdLogisticRegression.Schedule.INVERSE_TIME, 1e-6)),
				Arguments.of("adagrad",
						(IntFunction<OnlineClassifier>) (d) -> new AdaGradLogisticRegression(d, 0.3, 1e-6, 0.0)),
				Arguments.of("ftrl", (IntFunction<OnlineClassifier>) (d) -> new FtrlProximal(d, 0.3, 1.0, 0.1, 0.1)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("learners")
	void approachesTheTrueModelsLogLoss(String name, IntFunction<OnlineClassifier> factory) {
		SyntheticClickStream stream = new SyntheticClickStream(10, 10, 0.8, -1.0, 0, 0, 42);
		OnlineClassifier model = factory.apply(stream.dimension());
		double modelLoss = 0;
		double trueLoss = 0;
		double positives = 0;
		int tail = EXAMPLES - TAIL_START;
		for (int t = 0; t < EXAMPLES; t++) {
			SyntheticClickStream.Example example = stream.next();
			double p = model.predict(example.x());
			if (t >= TAIL_START) {
				modelLoss += LogLoss.of(p, example.label());
				trueLoss += LogLoss.of(example.trueProbability(), example.label());
				positives += example.label();
			}
			model.learn(example.x(), example.label());
		}
		modelLoss /= tail;
		trueLoss /= tail;
		double rate = positives / tail;
		double constantLoss = -(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate));
		System.out.printf("%s: model %.4f true %.4f constant %.4f%n", name, modelLoss, trueLoss, constantLoss);
		assertThat(model.examplesSeen()).isEqualTo(EXAMPLES);
		assertThat(modelLoss).isLessThan(trueLoss + 0.02);
		assertThat(constantLoss - trueLoss).isGreaterThan(0.1);
		assertThat(modelLoss).isLessThan(constantLoss - 0.08);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("learners")
	void rejectsNonFiniteInputsAndLabelsOutsideZeroOne(String name, IntFunction<OnlineClassifier> factory) {
		OnlineClassifier model = factory.apply(8);
		SparseVector x = SparseVector.of(new int[] { 1 }, new double[] { 1 });
		assertThatIllegalArgumentException().isThrownBy(() -> model.learn(x, Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> model.learn(x, 1.5));
		assertThatIllegalArgumentException().isThrownBy(() -> model.learn(x, Double.POSITIVE_INFINITY));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> model.predict(SparseVector.of(new int[] { 8 }, new double[] { 1 })));
		assertThat(model.predict(x)).isEqualTo(0.5);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("learners")
	void boostingTheLearningRateKeepsPredictionsAndResetForgets(String name, IntFunction<OnlineClassifier> factory) {
		SyntheticClickStream stream = new SyntheticClickStream(5, 4, 1.0, 0.0, 0, 0, 7);
		OnlineClassifier model = factory.apply(stream.dimension());
		for (int t = 0; t < 2000; t++) {
			SyntheticClickStream.Example example = stream.next();
			model.learn(example.x(), example.label());
		}
		SparseVector probe = stream.next().x();
		double before = model.predict(probe);
		model.boostLearningRate(10);
		assertThat(model.predict(probe)).isCloseTo(before, org.assertj.core.data.Offset.offset(1e-12));
		model.reset();
		assertThat(model.predict(probe)).isEqualTo(0.5);
		assertThat(model.examplesSeen()).isZero();
	}

	@Test
	void ftrlWithL1LeavesIrrelevantFeaturesExactlyZero() {
		int noise = 5000;
		FtrlProximal sparse = new FtrlProximal(10 * 10 + noise + 1, 0.3, 1.0, 8.0, 0.1);
		FtrlProximal dense = new FtrlProximal(10 * 10 + noise + 1, 0.3, 1.0, 0.0, 0.1);
		SyntheticClickStream stream = new SyntheticClickStream(10, 10, 0.8, -1.0, noise, 10, 11);
		for (int t = 0; t < EXAMPLES; t++) {
			SyntheticClickStream.Example example = stream.next();
			sparse.learn(example.x(), example.label());
			dense.learn(example.x(), example.label());
		}
		int sparseNoiseZeros = 0;
		int denseNoiseZeros = 0;
		for (int i = 100; i < 100 + noise; i++) {
			sparseNoiseZeros += (sparse.weight(i) == 0.0) ? 1 : 0;
			denseNoiseZeros += (dense.weight(i) == 0.0) ? 1 : 0;
		}
		int relevantNonZeros = 0;
		for (int i = 0; i < 100; i++) {
			relevantNonZeros += (sparse.weight(i) != 0.0) ? 1 : 0;
		}
		System.out.printf("ftrl zeros: L1 %d / %d, no L1 %d; relevant non-zero %d%n", sparseNoiseZeros, noise,
				denseNoiseZeros, relevantNonZeros);
		assertThat(sparseNoiseZeros).isGreaterThan(noise * 9 / 10);
		assertThat(denseNoiseZeros).isLessThan(noise / 10);
		assertThat(relevantNonZeros).isGreaterThan(80);
		assertThat(sparse.zeroWeights()).isGreaterThanOrEqualTo(sparseNoiseZeros);
	}

	@Test
	void aucOfAPerfectAndARandomRanking() {
		assertThat(RocAuc.of(new double[] { 0.1, 0.4, 0.35, 0.8 }, new double[] { 0, 0, 1, 1 })).isEqualTo(0.75);
		assertThat(RocAuc.of(new double[] { 0.5, 0.5 }, new double[] { 0, 1 })).isEqualTo(0.5);
		assertThat(LogLoss.of(0.5, 1)).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-15));
	}

}
