package dev.kairos.core.similarity;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.core.similarity.ItemCoOccurrence.Similar;
import dev.kairos.core.stats.ForwardDecay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ItemCoOccurrenceTest {

	private static final long HOUR = 3_600_000L;

	private static final long T0 = 1_767_225_600_000L;

	private final ItemCoOccurrence table = new ItemCoOccurrence(new ForwardDecay(24 * 7), 50, 2);

	/** A user's session: each item observed after the ones before it. */
	private void session(long at, String... items) {
		List<String> recent = new ArrayList<>();
		for (String item : items) {
			this.table.observe(item, recent, 1, at);
			recent.add(item);
		}
	}

	@Test
	void anItemClickedTogetherWithAnotherByManyUsersBecomesItsMostSimilar() {
		SplittableRandom random = new SplittableRandom(7);
		for (int user = 0; user < 40; user++) {
			// every user who takes the tent also takes the sleeping bag, plus noise
			session(T0 + user * HOUR, "tent", "noise-" + random.nextInt(30), "sleeping-bag");
		}
		for (int user = 0; user < 5; user++) {
			session(T0 + user * HOUR, "tent", "lamp");
		}
		List<Similar> similar = this.table.similar("tent", 3, T0 + 50 * HOUR);
		assertThat(similar.get(0).itemId()).isEqualTo("sleeping-bag");
		assertThat(similar.get(0).score()).isGreaterThan(similar.get(1).score());
		assertThat(this.table.similar("sleeping-bag", 1, T0 + 50 * HOUR).get(0).itemId()).isEqualTo("tent");
	}

	@Test
	void aBestSellerThatGoesWithEverythingIsNotEveryonesNearest() {
		for (int user = 0; user < 200; user++) {
			// everybody buys bread; pasta and sauce go together for some
			if (user % 10 == 0) {
				session(T0 + user * HOUR, "bread", "pasta", "sauce");
			}
			else {
				session(T0 + user * HOUR, "bread", "item-" + user);
			}
		}
		long at = T0 + 300 * HOUR;
		// pasta co-occurs with bread 20 times and with sauce 20 times; bread's own count
		// of
		// 200 divides it
		assertThat(this.table.similar("pasta", 1, at).get(0).itemId()).isEqualTo("sauce");
		assertThat(this.table.similarity("pasta", "sauce", at))
			.isGreaterThan(2 * this.table.similarity("pasta", "bread", at));
	}

	@Test
	void oneSharedUserCountsLessThanMany() {
		session(T0, "rare-a", "rare-b");
		for (int user = 0; user < 10; user++) {
			session(T0 + user, "x", "y");
		}
		long at = T0 + 10;
		// both pairs have a raw cosine of 1; the shrinkage separates them
		assertThat(this.table.similarity("rare-a", "rare-b", at)).isCloseTo(1.0 / 3, within(1e-6));
		assertThat(this.table.similarity("x", "y", at)).isCloseTo(10.0 / 12, within(1e-6));
		assertThat(this.table.similarity("x", "rare-a", at)).isZero();
	}

	@Test
	void isSymmetricAndBoundedByOne() {
		SplittableRandom random = new SplittableRandom(3);
		for (int user = 0; user < 300; user++) {
			String[] items = new String[4];
			for (int i = 0; i < items.length; i++) {
				items[i] = "i" + random.nextInt(20);
			}
			session(T0 + random.nextInt(1000) * HOUR / 10, items);
		}
		long at = T0 + 200 * HOUR;
		for (int a = 0; a < 20; a++) {
			for (int b = 0; b < 20; b++) {
				double ab = this.table.similarity("i" + a, "i" + b, at);
				assertThat(ab).isBetween(0.0, 1.0)
					.isCloseTo(this.table.similarity("i" + b, "i" + a, at), within(1e-12));
			}
		}
	}

	@Test
	void oldTogethernessFadesBehindNew() {
		ItemCoOccurrence fast = new ItemCoOccurrence(new ForwardDecay(24), 50, 0.5);
		for (int user = 0; user < 20; user++) {
			fast.observe("phone", List.of(), 1, T0 + user * HOUR);
			fast.observe("case-v1", List.of("phone"), 1, T0 + user * HOUR);
		}
		assertThat(fast.similar("phone", 1, T0 + 20 * HOUR).get(0).itemId()).isEqualTo("case-v1");
		// a week later, fewer users, but the phone now goes with the new case
		long later = T0 + 7 * 24 * HOUR;
		for (int user = 0; user < 10; user++) {
			fast.observe("phone", List.of(), 1, later + user * HOUR);
			fast.observe("case-v2", List.of("phone"), 1, later + user * HOUR);
		}
		assertThat(fast.similar("phone", 1, later + 10 * HOUR).get(0).itemId()).isEqualTo("case-v2");
	}

	@Test
	void anItemKeepsItsStrongestPartnersOnlyAndNewcomersCanEnter() {
		ItemCoOccurrence small = new ItemCoOccurrence(new ForwardDecay(24), 3, 1);
		for (int p = 0; p < 10; p++) {
			for (int times = 0; times <= p; times++) {
				small.observe("hub", List.of("p" + p), 1, T0);
			}
		}
		// partners are never observed themselves here (score 0): the kept set is what
		// counts
		assertThat(small.similar("hub", 10, T0)).extracting(Similar::itemId)
			.containsExactlyInAnyOrder("p9", "p8", "p7");
	}

	@Test
	void theItemItselfAndRepeatsAreNotCoOccurrences() {
		this.table.observe("a", List.of("a", "b", "b"), 1, T0);
		this.table.observe("b", List.of(), 1, T0);
		assertThat(this.table.similar("a", 5, T0)).extracting(Similar::itemId).containsExactly("b");
		assertThat(this.table.similar("a", 5, T0).get(0).coOccurrence()).isCloseTo(1, within(1e-9));
		assertThat(this.table.similar("unknown", 5, T0)).isEmpty();
	}

}
