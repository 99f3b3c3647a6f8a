package dev.kairos.core.learn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FeatureHasherTest {

	@Test
	void placesAFeatureByItsMurmurHashWithSignFromTheTopBit() {
		FeatureHasher hasher = new FeatureHasher(10, 0, false);
		// MurmurHash3_x86_32("user=42", 0) = -392716498 (negative, so the sign is -1)
		int h = -392716498;
		SparseVector x = hasher.hash(Map.of("user=42", 2.5));
		assertThat(x.size()).isEqualTo(1);
		assertThat(x.index(0)).isEqualTo(h & 1023);
		assertThat(x.value(0)).isEqualTo(-2.5);
		assertThat(hasher.index("user=42")).isEqualTo(h & 1023);
		assertThat(hasher.sign("user=42")).isEqualTo(-1);
		// "hello" hashes to 613153351 (positive)
		assertThat(hasher.hash(List.of("hello")).value(0)).isEqualTo(1.0);
	}

	@Test
	void addsABiasCoordinateOutsideTheHashedRange() {
		FeatureHasher hasher = new FeatureHasher(4, 0, true);
		assertThat(hasher.dimension()).isEqualTo(17);
		SparseVector x = hasher.hash(List.of());
		assertThat(x.size()).isEqualTo(1);
		assertThat(x.index(0)).isEqualTo(16);
		assertThat(x.value(0)).isEqualTo(1.0);
	}

	@Test
	void sumsCollidingFeaturesAndDropsZeros() {
		SparseVector x = SparseVector.of(new int[] { 5, 2, 5, 7, 7 }, new double[] { 1, 2, 3, 1, -1 });
		assertThat(x.toString()).isEqualTo("{2:2.0, 5:4.0}");
	}

	@Test
	void rejectsNonFiniteValues() {
		FeatureHasher hasher = new FeatureHasher(8, 0, true);
		Map<String, Double> features = new LinkedHashMap<>();
		features.put("price", Double.NaN);
		assertThatIllegalArgumentException().isThrownBy(() -> hasher.hash(features));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SparseVector.of(new int[] { 1 }, new double[] { Double.POSITIVE_INFINITY }));
		assertThatIllegalArgumentException().isThrownBy(() -> new FeatureHasher(0, 0, false));
	}

}
