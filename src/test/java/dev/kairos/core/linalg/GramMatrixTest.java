package dev.kairos.core.linalg;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Golden tests: the maintained inverse against a direct EJML inverse of the accumulated A
 * (the reference computation is EJML's LU-based {@link CommonOps_DDRM#invert}, a
 * different algorithm from the Cholesky re-factorisation used inside {@link GramMatrix}).
 */
class GramMatrixTest {

	private static final int D = 32;

	@Test
	void inverseAndSolveAfterTenThousandRankOneUpdatesAgreeWithDirectInverse() {
		SplittableRandom random = new SplittableRandom(20261128L);
		double lambda = 1.0;
		GramMatrix gram = GramMatrix.identity(D, lambda);
		DMatrixRMaj exact = CommonOps_DDRM.identity(D);
		CommonOps_DDRM.scale(lambda, exact);
		double[] x = new double[D];
		for (int t = 0; t < 10_000; t++) {
			fill(random, x);
			gram.addOuter(x, 1.0);
			addOuter(exact, x, 1.0);
		}
		assertInverseMatches(gram, exact, 1e-9);
		double[] b = new double[D];
		fill(random, b);
		double[] solved = new double[D];
		gram.solve(b, solved);
		DMatrixRMaj reference = new DMatrixRMaj(D, 1);
		CommonOps_DDRM.solve(exact, new DMatrixRMaj(D, 1, true, b), reference);
		for (int i = 0; i < D; i++) {
			assertThat(solved[i]).isCloseTo(reference.get(i, 0), org.assertj.core.data.Offset.offset(1e-9));
		}
		DMatrixRMaj xv = new DMatrixRMaj(D, 1, true, b);
		DMatrixRMaj inv = exact.copy();
		CommonOps_DDRM.invert(inv);
		DMatrixRMaj tmp = new DMatrixRMaj(D, 1);
		CommonOps_DDRM.mult(inv, xv, tmp);
		double quadratic = CommonOps_DDRM.dot(xv, tmp);
		assertThat(gram.inverseQuadraticForm(b)).isCloseTo(quadratic,
				org.assertj.core.data.Offset.offset(1e-9 * quadratic));
	}

	@Test
	void shermanMorrisonWithoutRefactorisationStaysCloseOverTenThousandUpdates() {
		// refactor interval larger than the stream: pure Sherman–Morrison recurrence
		SplittableRandom random = new SplittableRandom(7L);
		GramMatrix gram = GramMatrix.identity(D, 1.0, Integer.MAX_VALUE);
		DMatrixRMaj exact = CommonOps_DDRM.identity(D);
		double[] x = new double[D];
		for (int t = 0; t < 10_000; t++) {
			fill(random, x);
			gram.addOuter(x, 1.0);
			addOuter(exact, x, 1.0);
		}
		assertInverseMatches(gram, exact, 1e-9);
	}

	@Test
	void downdatesRemoveObservationsExactly() {
		SplittableRandom random = new SplittableRandom(11L);
		GramMatrix gram = GramMatrix.identity(8, 0.5);
		DMatrixRMaj exact = CommonOps_DDRM.identity(8);
		CommonOps_DDRM.scale(0.5, exact);
		double[][] window = new double[50][8];
		for (int t = 0; t < 2_000; t++) {
			double[] x = window[t % 50];
			if (t >= 50) {
				gram.addOuter(x, -1.0);
				addOuter(exact, x, -1.0);
			}
			fill(random, x);
			gram.addOuter(x, 1.0);
			addOuter(exact, x, 1.0);
		}
		assertInverseMatches(gram, exact, 1e-9);
	}

	@Test
	void discountingAgreesWithDirectRecomputation() {
		SplittableRandom random = new SplittableRandom(3L);
		int d = 6;
		double lambda = 2.0;
		double gamma = 0.97;
		GramMatrix gram = GramMatrix.identity(d, lambda);
		int steps = 500;
		double[][] xs = new double[steps][d];
		for (int t = 0; t < steps; t++) {
			fill(random, xs[t]);
			gram.discount(gamma, lambda);
			gram.addOuter(xs[t], 1.0);
		}
		// direct: V = λI + Σ_s γ^{T−1−s} x_s x_sᵀ
		DMatrixRMaj direct = CommonOps_DDRM.identity(d);
		CommonOps_DDRM.scale(lambda, direct);
		for (int s = 0; s < steps; s++) {
			addOuter(direct, xs[s], Math.pow(gamma, steps - 1 - s));
		}
		for (int i = 0; i < d; i++) {
			for (int j = 0; j < d; j++) {
				assertThat(gram.get(i, j)).isCloseTo(direct.get(i, j), org.assertj.core.data.Offset.offset(1e-10));
			}
		}
		assertInverseMatches(gram, direct, 1e-9);
	}

	@Test
	void choleskySamplingFactorReproducesTheInverse() {
		// L⁻ᵀ applied to the unit vectors gives columns C with C Cᵀ = A⁻¹
		SplittableRandom random = new SplittableRandom(5L);
		int d = 5;
		GramMatrix gram = GramMatrix.identity(d, 1.0);
		double[] x = new double[d];
		for (int t = 0; t < 100; t++) {
			fill(random, x);
			gram.addOuter(x, 1.0);
		}
		double[][] columns = new double[d][d];
		for (int j = 0; j < d; j++) {
			double[] e = new double[d];
			e[j] = 1;
			gram.multiplyInverseCholeskyTranspose(e, columns[j]);
		}
		double[] inverse = gram.inverseView();
		for (int r = 0; r < d; r++) {
			for (int s = 0; s < d; s++) {
				double sum = 0;
				for (int j = 0; j < d; j++) {
					sum += columns[j][r] * columns[j][s];
				}
				assertThat(sum).isCloseTo(inverse[r * d + s], org.assertj.core.data.Offset.offset(1e-12));
			}
		}
	}

	@Test
	void rejectsInvalidParameters() {
		assertThatIllegalArgumentException().isThrownBy(() -> GramMatrix.identity(3, 0.0));
		assertThatIllegalArgumentException().isThrownBy(() -> GramMatrix.identity(0, 1.0));
		assertThatIllegalArgumentException().isThrownBy(() -> GramMatrix.identity(3, 1.0).discount(1.5, 1.0));
		assertThatIllegalArgumentException().isThrownBy(() -> GramMatrix.of(2, new double[3]));
	}

	static void assertInverseMatches(GramMatrix gram, DMatrixRMaj exact, double tolerance) {
		int d = gram.dimension();
		DMatrixRMaj inverse = exact.copy();
		assertThat(CommonOps_DDRM.invert(inverse)).isTrue();
		double[] maintained = gram.inverseView();
		double scale = CommonOps_DDRM.elementMaxAbs(inverse);
		for (int i = 0; i < d; i++) {
			for (int j = 0; j < d; j++) {
				assertThat(Math.abs(maintained[i * d + j] - inverse.get(i, j)) / Math.max(1.0, scale))
					.as("inverse(%d, %d)", i, j)
					.isLessThan(tolerance);
			}
		}
	}

	static void addOuter(DMatrixRMaj m, double[] x, double w) {
		for (int i = 0; i < x.length; i++) {
			for (int j = 0; j < x.length; j++) {
				m.add(i, j, w * x[i] * x[j]);
			}
		}
	}

	static void fill(SplittableRandom random, double[] x) {
		for (int i = 0; i < x.length; i++) {
			x[i] = random.nextDouble(-1, 1);
		}
	}

}
