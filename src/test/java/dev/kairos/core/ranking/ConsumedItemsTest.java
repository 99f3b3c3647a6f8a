package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumed items as the store reads them (clicked or bought most recent first, and
 * skipped) against what the service computed from them before: a set of all of them and a
 * filtered copy of the clicked ones less the skipped ones.
 */
class ConsumedItemsTest {

	@Test
	void theRepeatableItemsAreTheClickedOnesLessTheSkippedInTheirOrder() {
		ConsumedItems consumed = ConsumedItems.of(List.of("c", "b", "a"), List.of("b", "z"));
		assertThat(consumed.repeatable()).containsExactly("c", "a");
		assertThat(consumed.toSet()).containsExactlyInAnyOrder("a", "b", "c", "z");
		assertThat(consumed.contains("z")).isTrue();
		assertThat(consumed.contains("b")).isTrue();
		assertThat(consumed.contains("y")).isFalse();
	}

	@Test
	void withNothingSkippedTheClickedListIsTheRepeatableOneUncopied() {
		List<String> clicked = new ArrayList<>(List.of("c", "b"));
		ConsumedItems consumed = ConsumedItems.of(clicked, List.of());
		assertThat(consumed.repeatable()).containsExactly("c", "b");
		// a view: what the store read, not a copy of it
		clicked.add("a");
		assertThat(consumed.repeatable()).containsExactly("c", "b", "a");
	}

	@Test
	void itemsAddedBesidesAreExcludedButNeverRepeated() {
		ConsumedItems consumed = ConsumedItems.of(List.of("a"), List.of()).with(Set.of("x")).with(List.of("y"));
		assertThat(consumed.repeatable()).containsExactly("a");
		assertThat(consumed.toSet()).containsExactlyInAnyOrder("a", "x", "y");
		assertThat(consumed.contains("x")).isTrue();
		assertThat(consumed.contains("y")).isTrue();
		assertThat(ConsumedItems.of(Set.of("x")).repeatable()).isEmpty();
		assertThat(ConsumedItems.NONE.isEmpty()).isTrue();
		assertThat(ConsumedItems.of(Set.of("x")).isEmpty()).isFalse();
	}

	@Test
	void agreesWithTheSetAndTheFilteredListOnRandomStates() {
		SplittableRandom random = new SplittableRandom(7);
		for (int round = 0; round < 500; round++) {
			List<String> clicked = new ArrayList<>();
			for (int i = random.nextInt(30); i > 0; i--) {
				clicked.add("i" + random.nextInt(40));
			}
			List<String> skipped = new ArrayList<>();
			for (int i = random.nextInt(10); i > 0; i--) {
				skipped.add("i" + random.nextInt(40));
			}
			// what the service computed before: one set of all, one filtered copy
			Set<String> all = new HashSet<>(clicked);
			all.addAll(skipped);
			Set<String> skippedSet = new HashSet<>(skipped);
			List<String> repeatable = clicked.stream().filter((id) -> !skippedSet.contains(id)).toList();

			ConsumedItems consumed = ConsumedItems.of(clicked, skipped);
			assertThat(consumed.repeatable()).containsExactlyElementsOf(repeatable);
			assertThat(consumed.toSet()).isEqualTo(all);
			Set<String> walked = new HashSet<>();
			consumed.forEach(walked::add);
			assertThat(walked).isEqualTo(all);
			for (int i = 0; i < 40; i++) {
				assertThat(consumed.contains("i" + i)).isEqualTo(all.contains("i" + i));
			}
			assertThat(consumed.isEmpty()).isEqualTo(all.isEmpty());
		}
	}

}
