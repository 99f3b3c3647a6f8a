package dev.kairos.core.interestclock;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InterestClockCodecTest {

	static final long NOW = 1_700_000_000_000L;

	static final InterestClockParameters PARAMETERS = new InterestClockParameters(1.5, Duration.ofDays(7), 1.0, 0.5,
			16);

	/**
	 * Five categories of 10-character names, every bucket non-zero: the worst case for
	 * five.
	 */
	static InterestClock fullClock() {
		InterestClock clock = new InterestClock(PARAMETERS);
		String[] categories = { "category-a", "category-b", "category-c", "category-d", "category-e" };
		long now = NOW;
		for (int round = 0; round < 3; round++) {
			for (String category : categories) {
				for (int hour = 0; hour < 24; hour++) {
					clock.update(category, hour + 0.5, Math.sin(hour + round) * 3 + 0.1, now);
					now += 60_000;
				}
			}
		}
		return clock;
	}

	@Test
	void roundTripsWithinFloatPrecisionAndReencodesToTheSameBytes() {
		InterestClock clock = fullClock();
		byte[] bytes = InterestClockCodec.encode(clock);
		InterestClock decoded = InterestClockCodec.decode(bytes, PARAMETERS);
		assertThat(decoded.categories()).isEqualTo(clock.categories());
		assertThat(decoded.events()).isEqualTo(clock.events());
		assertThat(decoded.lastUpdateMillis()).isEqualTo(clock.lastUpdateMillis());
		long now = clock.lastUpdateMillis();
		for (String category : clock.categories()) {
			double[] original = clock.buckets(category, now);
			double[] restored = decoded.buckets(category, now);
			for (int j = 0; j < 24; j++) {
				assertThat(restored[j]).isEqualTo((double) (float) original[j]);
				assertThat(Math.abs(restored[j] - original[j])).isLessThanOrEqualTo(Math.abs(original[j]) * 0x1p-24);
			}
		}
		assertThat(InterestClockCodec.encode(decoded)).isEqualTo(bytes);
	}

	@Test
	void fiveCategoriesFitIn600Bytes() {
		int size = InterestClockCodec.encodedSize(fullClock());
		System.out.println("interest clock, 5 categories x 24 buckets: " + size + " bytes");
		assertThat(size).isEqualTo(566).isLessThanOrEqualTo(600);
		InterestClock sparse = new InterestClock(PARAMETERS);
		for (String category : new String[] { "news", "sport", "music", "film", "games" }) {
			sparse.update(category, 9, 1.0, NOW);
		}
		assertThat(InterestClockCodec.encodedSize(sparse)).isLessThan(80);
	}

	@Test
	void anEmptyClockRoundTrips() {
		InterestClock empty = new InterestClock(PARAMETERS);
		InterestClock decoded = InterestClockCodec.decode(InterestClockCodec.encode(empty), PARAMETERS);
		assertThat(decoded.categories()).isEmpty();
		assertThat(decoded.events()).isZero();
	}

	@Test
	void rejectsUnknownVersionsOtherParametersAndMalformedInput() {
		byte[] bytes = InterestClockCodec.encode(fullClock());
		byte[] otherVersion = bytes.clone();
		otherVersion[0] = 2;
		assertThatIllegalArgumentException().isThrownBy(() -> InterestClockCodec.decode(otherVersion, PARAMETERS))
			.withMessageContaining("version");
		InterestClockParameters otherHalfLife = new InterestClockParameters(1.5, Duration.ofDays(8), 1.0, 0.5, 16);
		assertThatIllegalArgumentException().isThrownBy(() -> InterestClockCodec.decode(bytes, otherHalfLife))
			.withMessageContaining("parameters");
		for (int length = 0; length < bytes.length; length += 7) {
			byte[] truncated = Arrays.copyOf(bytes, length);
			assertThatIllegalArgumentException().isThrownBy(() -> InterestClockCodec.decode(truncated, PARAMETERS));
		}
		byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> InterestClockCodec.decode(trailing, PARAMETERS));
	}

	@Test
	void sigmaAndALowerCategoryLimitDoNotInvalidateStoredClocks() {
		byte[] bytes = InterestClockCodec.encode(fullClock());
		InterestClockParameters narrower = new InterestClockParameters(0.5, Duration.ofDays(7), 1.0, 0.5, 3);
		assertThat(InterestClockCodec.decode(bytes, narrower).categories()).hasSize(3);
	}

}
