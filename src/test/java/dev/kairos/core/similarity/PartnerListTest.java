package dev.kairos.core.similarity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PartnerListTest {

	@Test
	void aPartnerSeenAgainAddsItsIncrementInLogSpace() {
		PartnerList list = new PartnerList(3);
		list.add("a", Math.log(2));
		list.add("a", Math.log(3));
		assertThat(list.partners().get("a")).isCloseTo(Math.log(5), org.assertj.core.api.Assertions.within(1e-15));
	}

	@Test
	void aNewcomerToAFullListTakesTheWeakestPlaceAndCount() {
		PartnerList list = new PartnerList(2, Map.of("strong", Math.log(10), "weak", Math.log(1)));
		list.add("new", Math.log(2));
		assertThat(list.partners()).containsOnlyKeys("strong", "new");
		// the evicted partner's count carries over: 1 + 2
		assertThat(list.partners().get("new")).isCloseTo(Math.log(3), org.assertj.core.api.Assertions.within(1e-15));
		assertThat(list.removed()).containsExactly("weak");
		assertThat(list.changed()).containsOnlyKeys("new");
	}

	@Test
	void ofEqualLogSumsTheFirstInByteOrderIsTheWeakest() {
		// "B" (0x42) before "a" (0x61) before "é" (0xC3 0xA9): unsigned bytes, not chars
		// and not a collation
		PartnerList list = new PartnerList(3, Map.of("é", 1.0, "a", 1.0, "B", 1.0));
		list.add("x", 0.0);
		assertThat(list.removed()).containsExactly("B");
		list.add("y", 0.0);
		assertThat(list.removed()).containsExactlyInAnyOrder("B", "a");
		// a prefix comes before the longer name
		PartnerList prefixes = new PartnerList(2, Map.of("p1", 1.0, "p", 1.0));
		prefixes.add("q", 0.0);
		assertThat(prefixes.removed()).containsExactly("p");
	}

	@Test
	void byteOrderIsTheOrderOfTheUtf8Bytes() {
		// ASCII, Latin-1, the end of the basic plane and a character beyond it (a
		// surrogate pair in UTF-16, whose order there differs)
		String[] pieces = { "a", "b", "B", "é", "\uE000", "\uFFFD", "😀", "" };
		SplittableRandom random = new SplittableRandom(9);
		for (int i = 0; i < 5000; i++) {
			String x = pieces[random.nextInt(pieces.length)] + pieces[random.nextInt(pieces.length)];
			String y = pieces[random.nextInt(pieces.length)] + pieces[random.nextInt(pieces.length)];
			boolean bytes = java.util.Arrays.compareUnsigned(x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
					y.getBytes(java.nio.charset.StandardCharsets.UTF_8)) < 0;
			assertThat(PartnerList.before(x, y)).as("%s before %s", x, y).isEqualTo(bytes);
		}
	}

	@Test
	void aPartnerPushedOutAndBackIsChangedNotRemoved() {
		PartnerList list = new PartnerList(1, Map.of("a", 0.0));
		list.add("b", 0.0);
		list.add("a", 0.0);
		assertThat(list.partners()).containsOnlyKeys("a");
		assertThat(list.changed()).containsOnlyKeys("a");
		assertThat(list.removed()).containsExactly("b");
		list.clearChanges();
		assertThat(list.changed()).isEmpty();
		assertThat(list.removed()).isEmpty();
	}

	@Test
	void aListStoredAboveTheCapacityKeepsItsSize() {
		PartnerList list = new PartnerList(2, Map.of("a", 1.0, "b", 2.0, "c", 3.0));
		list.add("d", 0.5);
		assertThat(list.partners()).containsOnlyKeys("b", "c", "d");
	}

	@Test
	void theCapacityIsPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PartnerList(0));
	}

	/**
	 * Against the definition, computed the slow way: a list sorted by (log-sum, bytes)
	 * after every pair, the first one evicted; with tied increments and names that tie in
	 * prefixes. The changes reported between two clears are the difference of the two
	 * states.
	 */
	@Test
	void manyRandomPairsKeepWhatSortingTheListEachTimeKeeps() {
		SplittableRandom random = new SplittableRandom(3);
		String[] names = { "p1", "p10", "p2", "p100", "q", "p", "é", "e", "p11", "p3", "z9", "a", "ab", "b" };
		double[] increments = { 0.0, 0.0, Math.log(3), Math.log(0.5), 2.5 };
		int cap = 6;
		PartnerList list = new PartnerList(cap);
		Map<String, Double> reference = new HashMap<>();
		int evictions = 0;
		for (int call = 0; call < 300; call++) {
			Map<String, Double> before = new HashMap<>(reference);
			int pairs = 1 + random.nextInt(12);
			for (int p = 0; p < pairs; p++) {
				String name = names[random.nextInt(names.length)];
				double increment = increments[random.nextInt(increments.length)] + call * 0.001;
				list.add(name, increment);
				evictions += referenceAdd(reference, cap, name, increment) ? 1 : 0;
			}
			assertThat(list.partners()).as("after call %d", call).isEqualTo(reference);
			Map<String, Double> changed = new HashMap<>();
			reference.forEach((k, v) -> {
				if (!v.equals(before.get(k))) {
					changed.put(k, v);
				}
			});
			Set<String> removed = new HashSet<>(before.keySet());
			removed.removeAll(reference.keySet());
			assertThat(list.changed()).isEqualTo(changed);
			// a newcomer pushed out again within the call is among the removed too (its
			// removal from the store is a no-op)
			assertThat(list.removed()).containsAll(removed).doesNotContainAnyElementsOf(reference.keySet());
			list.clearChanges();
		}
		assertThat(evictions).isGreaterThan(200);
	}

	/**
	 * @return whether a partner was evicted
	 */
	private static boolean referenceAdd(Map<String, Double> list, int cap, String name, double increment) {
		Double current = list.get(name);
		if (current != null) {
			list.put(name, PartnerList.logAddExp(current, increment));
			return false;
		}
		if (list.size() < cap) {
			list.put(name, increment);
			return false;
		}
		List<Map.Entry<String, Double>> sorted = new ArrayList<>(list.entrySet());
		sorted.sort((x, y) -> {
			int byScore = Double.compare(x.getValue(), y.getValue());
			return (byScore != 0) ? byScore
					: java.util.Arrays.compareUnsigned(x.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8),
							y.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		});
		Map.Entry<String, Double> weakest = sorted.get(0);
		list.remove(weakest.getKey());
		list.put(name, PartnerList.logAddExp(weakest.getValue(), increment));
		return true;
	}

}
