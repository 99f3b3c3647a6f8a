package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.stats.ForwardDecay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The int-indexed catalogue and the request's candidate set over its slots. */
class ItemCatalogueTest {

	private static CatalogueItem item(String id, String category) {
		return new CatalogueItem(id, category, 0, 0, 0, 0, ForwardDecay.EMPTY, ForwardDecay.EMPTY);
	}

	@Test
	void itemsCategoriesListsAndPartnersAreSlotsAndUnknownIdsKeepTheirPlaces() {
		ItemCatalogue catalogue = ItemCatalogue.builder()
			.item(item("a", "x"))
			.item(item("b", "y"))
			.item(item("c", "x"))
			.list(CandidateSource.ListKind.POPULAR, null, List.of("c", "gone", "a"))
			.list(CandidateSource.ListKind.NEW, "y", List.of("b"))
			.list(CandidateSource.ListKind.NEW, "nobody", List.of("a"))
			.coOccurrences("a", new CoOccurrences(List.of("gone", "b"), new double[] { 1.5, 2.5 }))
			.coOccurrences("retired", new CoOccurrences(List.of("a"), new double[] { 1 }))
			.build();
		assertThat(catalogue.size()).isEqualTo(3);
		int a = catalogue.slot("a");
		int b = catalogue.slot("b");
		int c = catalogue.slot("c");
		assertThat(Set.of(a, b, c)).containsExactlyInAnyOrder(0, 1, 2);
		assertThat(catalogue.slot("gone")).isEqualTo(ItemCatalogue.NONE);
		assertThat(catalogue.item(b).itemId()).isEqualTo("b");
		assertThat(catalogue.item("retired")).isNull();
		assertThat(catalogue.categories()).isEqualTo(2);
		assertThat(catalogue.category(a)).isEqualTo(catalogue.category(c)).isEqualTo(catalogue.category("x"));
		assertThat(catalogue.categoryName(catalogue.category(b))).isEqualTo("y");
		assertThat(catalogue.category("nobody")).isEqualTo(ItemCatalogue.NONE);
		assertThat(catalogue.list(CandidateSource.ListKind.POPULAR, ItemCatalogue.NONE)).containsExactly(c,
				ItemCatalogue.NONE, a);
		assertThat(catalogue.ids(catalogue.list(CandidateSource.ListKind.POPULAR, ItemCatalogue.NONE)))
			.containsExactly("c", "a");
		assertThat(catalogue.list(CandidateSource.ListKind.NEW, catalogue.category("y"))).containsExactly(b);
		assertThat(catalogue.list(CandidateSource.ListKind.NEW, catalogue.category("x"))).isEmpty();
		assertThat(catalogue.list(CandidateSource.ListKind.TRENDING, ItemCatalogue.NONE)).isEmpty();
		assertThat(catalogue.partners(a)).containsExactly(ItemCatalogue.NONE, b);
		assertThat(catalogue.partnerLogSums(a)).containsExactly(1.5, 2.5);
		assertThat(catalogue.partners(b)).isEmpty();
	}

	@Test
	void theCandidateSetKeepsTheOrderOfALinkedHashSetThroughAddsAndRemovals() {
		SplittableRandom random = new SplittableRandom(7);
		for (int round = 0; round < 50; round++) {
			CandidateSet set = new CandidateSet(1 + random.nextInt(20));
			Set<Integer> expected = new LinkedHashSet<>();
			for (int op = 0; op < 2_000; op++) {
				int slot = random.nextInt(-1, 400);
				if (random.nextInt(4) == 0) {
					set.remove(slot);
					expected.remove(slot);
				}
				else {
					set.add(slot);
					if (slot >= 0) {
						expected.add(slot);
					}
				}
			}
			List<Integer> slots = new ArrayList<>();
			for (int slot : set.slots()) {
				slots.add(slot);
			}
			assertThat(slots).containsExactlyElementsOf(expected);
			assertThat(set.size()).isEqualTo(expected.size());
			for (int slot = -1; slot < 400; slot++) {
				assertThat(set.indexOf(slot) >= 0).isEqualTo(expected.contains(slot));
			}
		}
		int[] slots = { 40, 7, 300, 12 };
		CandidateSet index = CandidateSet.of(slots);
		for (int i = 0; i < slots.length; i++) {
			assertThat(index.indexOf(slots[i])).isEqualTo(i);
		}
		assertThat(index.indexOf(8)).isEqualTo(-1);
	}

}
