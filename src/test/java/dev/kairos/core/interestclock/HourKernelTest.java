package dev.kairos.core.interestclock;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

/** Golden values from {@code hour-kernel-golden.py} in the test resources. */
class HourKernelTest {

	@ParameterizedTest
	@CsvSource({
			"9, 1.0, 1.0279773516666204e-18, 5.052271056504331e-15, 0.24197072322446056, 0.3989422782668616, 0.24197072322446056, 0.05399096622430528, 2.1463837241786707e-32, 7.694598585535883e-23",
			"9.5, 1.5, 5.18563204537978e-10, 2.831259164303259e-08, 0.16131381634609565, 0.25158881846199554, 0.25158881846199554, 0.16131381634609565, 4.5854982607112465e-14, 6.089813605576399e-12",
			"0, 1.0, 0.3989422782668618, 0.24197072322446064, 5.052271056504333e-15, 1.0279773516666208e-18, 7.694598585535886e-23, 2.1188192421724505e-27, 0.004431848388225066, 0.24197072322446064",
			"23.5, 2.0, 0.19333405866562076, 0.15056871628315838, 2.3859318303206868e-05, 2.5147536477327006e-06, 2.064235497135832e-07, 1.3196216035885848e-08, 0.09132454281930838, 0.19333405866562076" })
	void matchesTheReferenceWeights(double hour, double sigma, double w0, double w1, double w8, double w9, double w10,
			double w11, double w21, double w23) {
		double[] weights = HourKernel.weights(hour, sigma);
		int[] hours = { 0, 1, 8, 9, 10, 11, 21, 23 };
		double[] expected = { w0, w1, w8, w9, w10, w11, w21, w23 };
		for (int k = 0; k < hours.length; k++) {
			assertThat(weights[hours[k]]).as("w(%s, %d)", hour, hours[k]).isCloseTo(expected[k], withPercentage(1e-10));
		}
	}

	@ParameterizedTest
	@ValueSource(doubles = { 0, 0.5, 9, 9.5, 12, 23.5, 23.999, 0.1 })
	void weightsSumToOne(double hour) {
		for (double sigma : new double[] { 0.05, 0.5, 1, 3, 50 }) {
			double sum = 0;
			for (double w : HourKernel.weights(hour, sigma)) {
				assertThat(w).isFinite().isNotNegative();
				sum += w;
			}
			assertThat(sum).isCloseTo(1.0, within(1e-12));
		}
	}

	@ParameterizedTest
	@CsvSource({ "23.5, 23, 0", "0, 23, 1", "12, 11, 13", "0.5, 0, 1" })
	void wrapsAroundMidnightSymmetrically(double hour, int left, int right) {
		double[] weights = HourKernel.weights(hour, 1.3);
		assertThat(weights[left]).isCloseTo(weights[right], within(1e-15));
	}

	@ParameterizedTest
	@CsvSource({ "24, 0", "-1, 23", "49.5, 1.5", "23.25, 23.25" })
	void wrapsHoursIntoADay(double hour, double wrapped) {
		assertThat(HourKernel.wrap(hour)).isEqualTo(wrapped);
		assertThat(HourKernel.distance(23, 1)).isEqualTo(2);
	}

	@Test
	void aCachedKernelIsHandedOutAsAFreshCopy() {
		double[] first = HourKernel.weights(7.25, 1.3);
		double[] expected = first.clone();
		java.util.Arrays.fill(first, 99);
		assertThat(HourKernel.weights(7.25, 1.3)).containsExactly(expected);
		assertThat(HourKernel.weights(7.25, 1.3)).isNotSameAs(HourKernel.weights(7.25, 1.3));
		// another width at the same hour is another kernel
		assertThat(HourKernel.weights(7.25, 2.0)).isNotEqualTo(expected);
	}

	@Test
	void theHalfHoursTheWorkerReadsEachKeepTheirOwnCacheSlot() {
		// GlobalClockMasses.held reads a clock at every half hour, for every user of a
		// batch: with the 24 kernels in one slot each read computed 24 exps again
		for (double sigma : new double[] { 0.5, 1, 1.5, 2, 2.5, 3, 4 }) {
			Set<Integer> slots = new HashSet<>();
			for (int hour = 0; hour < HourKernel.HOURS; hour++) {
				slots.add(HourKernel.slot(hour + 0.5, sigma));
			}
			assertThat(slots).as("sigma %s", sigma).hasSize(HourKernel.HOURS);
		}
	}

}
