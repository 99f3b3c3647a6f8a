package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopKTest {

	@Test
	void theKBestAreTheFirstKOfAFullSort() {
		SplittableRandom random = new SplittableRandom(42);
		Comparator<Integer> descending = Comparator.reverseOrder();
		for (int round = 0; round < 200; round++) {
			int n = random.nextInt(0, 60);
			int k = random.nextInt(0, 70);
			List<Integer> values = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				// duplicates on purpose
				values.add(random.nextInt(0, 20));
			}
			List<Integer> sorted = new ArrayList<>(values);
			sorted.sort(descending);
			assertThat(TopK.of(values, k, descending)).as("n=%d k=%d", n, k)
				.containsExactlyElementsOf(sorted.subList(0, Math.min(k, n)));
		}
	}

}
