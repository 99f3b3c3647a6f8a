package dev.kairos.core.ranking;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FeatureVectorTest {

	private static CandidateSignals empty(String id) {
		return new CandidateSignals(id, "c1", 0, 0, 0.05, 0, 0, 0, true, 0, 0, 0, 0, 1);
	}

	@Test
	void anItemAndAUserWithNoDataGiveAFiniteVectorInRange() {
		double[][] x = FeatureVector.build(new UserSignals(false, 0, 0.05, 13.5), List.of(empty("i1"), empty("i2")));
		assertThat(x).hasDimensions(2, FeatureVector.DIMENSION);
		for (double[] row : x) {
			for (double v : row) {
				assertThat(v).isFinite().isBetween(-1.0, 1.0);
			}
		}
		assertThat(x[0][0]).isEqualTo(1);
		assertThat(x[0][7]).isEqualTo(1);
		assertThat(x[0][8]).isEqualTo(1);
	}

	@Test
	void signalsAreScaledAgainstTheLargestCandidate() {
		double[][] x = FeatureVector.build(new UserSignals(true, 10, 0.1, 9),
				List.of(new CandidateSignals("a", "c1", 99, 9, 0.2, 4, 0.8, 0.5, false, 48, 0, 0, 0, 1),
						new CandidateSignals("b", "c2", 9, 0, 0.1, 0, 0, 0.1, false, 400, 0, 0, 0, 1)));
		assertThat(x[0][1]).isCloseTo(1.0, within(1e-12));
		assertThat(x[1][1]).isCloseTo(Math.log(10) / Math.log(100), within(1e-12));
		assertThat(x[0][5]).isEqualTo(0.8);
		assertThat(x[0][14]).isCloseTo(x[0][4] * 0.8, within(1e-12));
		// hour 9 falls in the 6-12 block
		assertThat(x[0][18]).isEqualTo(1);
		assertThat(x[0][17] + x[0][19] + x[0][20]).isZero();
	}

}
