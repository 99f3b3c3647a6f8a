package dev.kairos.core.linalg;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.data.Offset.offset;

class RidgeModelTest {

	@Test
	void mergeOfTwoStatisticsEqualsStatisticsOfTheConcatenatedStream() {
		SplittableRandom random = new SplittableRandom(42L);
		int d = 4;
		LinearStatistics first = LinearStatistics.empty(d);
		LinearStatistics second = LinearStatistics.empty(d);
		LinearStatistics all = LinearStatistics.empty(d);
		for (int t = 0; t < 200; t++) {
			double[] x = new double[d];
			GramMatrixTest.fill(random, x);
			double r = random.nextDouble();
			LinearStatistics one = LinearStatistics.observation(x, r);
			if (t < 120) {
				first = first.plus(one);
			}
			else {
				second = second.plus(one);
			}
			all = all.plus(one);
		}
		LinearStatistics merged = LinearStatistics.merge(first, second);
		assertThat(merged.count()).isEqualTo(200);
		assertClose(merged.a(), all.a(), 1e-12);
		assertClose(merged.b(), all.b(), 1e-12);
	}

	@Test
	void modelsLearningParts_mergedIntoOne_predictLikeOneModelOnTheWholeStream() {
		SplittableRandom random = new SplittableRandom(9L);
		int d = 5;
		RidgeModel whole = new RidgeModel(d, 1.0);
		RidgeModel workerA = new RidgeModel(d, 1.0);
		RidgeModel workerB = new RidgeModel(d, 1.0);
		for (int t = 0; t < 300; t++) {
			double[] x = new double[d];
			GramMatrixTest.fill(random, x);
			double r = x[0] - 0.5 * x[3] + 0.1 * random.nextGaussian();
			whole.update(x, r);
			((t % 2 == 0) ? workerA : workerB).update(x, r);
		}
		// the store holds the sum of the workers' deltas; a reader restores from it
		LinearStatistics stored = LinearStatistics.empty(d).plus(workerA.drainDelta()).plus(workerB.drainDelta());
		RidgeModel reader = RidgeModel.of(stored, 1.0);
		assertClose(reader.theta(), whole.theta(), 1e-10);
		assertClose(reader.statistics().a(), whole.statistics().a(), 1e-10);
		assertThat(reader.count()).isEqualTo(300);
		assertThat(workerA.drainDelta().isEmpty()).isTrue();
		// merging a delta into a live model equals restoring the total
		RidgeModel live = RidgeModel.of(LinearStatistics.empty(d), 1.0);
		live.merge(stored);
		assertClose(live.theta(), whole.theta(), 1e-10);
		double[] probe = { 0.3, -0.2, 0.5, 0.1, -0.7 };
		assertThat(live.width(probe)).isCloseTo(whole.width(probe), offset(1e-10));
	}

	@Test
	void learnsTheTrueParameter() {
		SplittableRandom random = new SplittableRandom(1L);
		RidgeModel model = new RidgeModel(3, 1.0);
		for (int t = 0; t < 5_000; t++) {
			double[] x = { random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1) };
			model.update(x, 0.5 * x[0] - 0.25 * x[1] + 0.05 * random.nextGaussian());
		}
		assertClose(model.theta(), new double[] { 0.5, -0.25, 0.0 }, 0.01);
	}

	@Test
	void packedFormRoundTripsAndAddsEntryByEntry() {
		SplittableRandom random = new SplittableRandom(12L);
		int d = 4;
		LinearStatistics first = LinearStatistics.empty(d);
		LinearStatistics second = LinearStatistics.empty(d);
		for (int t = 0; t < 50; t++) {
			double[] x = new double[d];
			GramMatrixTest.fill(random, x);
			first = first.plus(LinearStatistics.observation(x, random.nextDouble()));
			GramMatrixTest.fill(random, x);
			second = second.plus(LinearStatistics.observation(x, random.nextDouble()));
		}
		assertThat(LinearStatistics.fromPacked(d, first.toPacked())).isEqualTo(first);
		double[] summed = first.toPacked();
		double[] delta = second.toPacked();
		for (int i = 0; i < summed.length; i++) {
			summed[i] += delta[i];
		}
		assertThat(LinearStatistics.fromPacked(d, summed)).isEqualTo(first.plus(second));
		assertThat(summed).hasSize(1 + 4 + 10);
		assertThatIllegalArgumentException().isThrownBy(() -> LinearStatistics.fromPacked(5, summed));
	}

	@Test
	void rejectsDimensionMismatches() {
		LinearStatistics three = LinearStatistics.empty(3);
		LinearStatistics four = LinearStatistics.empty(4);
		assertThatIllegalArgumentException().isThrownBy(() -> three.plus(four)).withMessageContaining("dimension");
		assertThatIllegalArgumentException().isThrownBy(() -> new RidgeModel(3, 1.0).merge(four));
		assertThatIllegalArgumentException().isThrownBy(() -> new RidgeModel(3, 1.0).restore(four));
		assertThatIllegalArgumentException().isThrownBy(() -> new RidgeModel(3, 1.0).update(new double[4], 1.0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LinearStatistics.of(2, new double[] { 1, 2, 3, 1 }, new double[2], 1))
			.withMessageContaining("symmetric");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LinearStatistics.observation(new double[] { Double.NaN }, 1.0));
	}

	static void assertClose(double[] actual, double[] expected, double tolerance) {
		assertThat(actual).hasSameSizeAs(expected);
		for (int i = 0; i < actual.length; i++) {
			assertThat(actual[i]).as("entry %d", i).isCloseTo(expected[i], offset(tolerance));
		}
	}

}
