package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kairos.core.ranking.ExposureConstraints.Item;
import dev.kairos.core.ranking.ExposureConstraints.Maximum;
import dev.kairos.core.ranking.ExposureConstraints.Minimum;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExposureConstraintsTest {

	/** Items named {@code provider:rank[:new]}. */
	private static Item describe(String id) {
		String[] parts = id.split(":");
		List<String> groups = new ArrayList<>();
		if (parts.length > 2) {
			groups.add("new");
		}
		groups.add("provider=" + parts[0]);
		return new Item(groups, Map.of("provider", parts[0]));
	}

	private static final List<String> RANKED = List.of("a:1", "a:2", "a:3", "a:4", "b:5", "a:6", "c:7:new", "b:8",
			"c:9:new", "a:10");

	@Test
	void withoutConstraintsTheSlateIsTheTopK() {
		assertThat(ExposureConstraints.NONE.apply(RANKED, 4, ExposureConstraintsTest::describe)).containsExactly("a:1",
				"a:2", "a:3", "a:4");
		assertThat(ExposureConstraints.NONE.isEmpty()).isTrue();
	}

	@Test
	void anExploredPlaceMayTakeOnlyCandidatesThatKeepTheConstraints() {
		ExposureConstraints constraints = new ExposureConstraints(List.of(new Minimum("new", 0.25)),
				List.of(new Maximum("provider", 0.5)));
		List<Item> slate = constraints.apply(RANKED, 4, ExposureConstraintsTest::describe)
			.stream()
			.map(ExposureConstraintsTest::describe)
			.toList();
		// the slate a:1 a:2 b:5 c:7:new; its last place holds the only new item
		assertThat(constraints.keeps(slate, 3, describe("c:9:new"), 4)).isTrue();
		assertThat(constraints.keeps(slate, 3, describe("b:8"), 4)).isFalse();
		// in place of b:5: another b keeps the cap, a third a does not
		assertThat(constraints.keeps(slate, 2, describe("b:8"), 4)).isTrue();
		assertThat(constraints.keeps(slate, 2, describe("a:6"), 4)).isFalse();
		assertThat(ExposureConstraints.NONE.keeps(slate, 3, describe("a:6"), 4)).isTrue();
	}

	@Test
	void aMaximumShareCapsEachProvider() {
		ExposureConstraints constraints = new ExposureConstraints(List.of(), List.of(new Maximum("provider", 0.5)));
		assertThat(constraints.apply(RANKED, 4, ExposureConstraintsTest::describe)).containsExactly("a:1", "a:2", "b:5",
				"c:7:new");
	}

	@Test
	void aMinimumShareBringsTheGroupsBestItemsInPlaceOfTheWorst() {
		ExposureConstraints constraints = new ExposureConstraints(List.of(new Minimum("new", 0.5)), List.of());
		assertThat(constraints.apply(RANKED, 4, ExposureConstraintsTest::describe)).containsExactly("a:1", "a:2",
				"c:7:new", "c:9:new");
	}

	@Test
	void minimumsAndMaximumsTogether() {
		ExposureConstraints constraints = new ExposureConstraints(List.of(new Minimum("new", 0.25)),
				List.of(new Maximum("provider", 0.5)));
		List<String> slate = constraints.apply(RANKED, 4, ExposureConstraintsTest::describe);
		assertThat(slate).containsExactly("a:1", "a:2", "b:5", "c:7:new");
		// a minimum for a provider the maximum would also cap: both hold
		ExposureConstraints both = new ExposureConstraints(List.of(new Minimum("provider=b", 0.5)),
				List.of(new Maximum("provider", 0.5)));
		assertThat(both.apply(RANKED, 4, ExposureConstraintsTest::describe)).containsExactly("a:1", "a:2", "b:5",
				"b:8");
	}

	@Test
	void aMinimumTheCandidatesCannotMeetIsMetAsFarAsTheyAllow() {
		ExposureConstraints constraints = new ExposureConstraints(List.of(new Minimum("new", 1)), List.of());
		List<String> slate = constraints.apply(RANKED, 4, ExposureConstraintsTest::describe);
		assertThat(slate).hasSize(4).contains("c:7:new", "c:9:new").contains("a:1", "a:2");
		assertThat(constraints.apply(List.of("a:1"), 4, ExposureConstraintsTest::describe)).containsExactly("a:1");
	}

	@Test
	void sharesAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Minimum("new", 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new Maximum("provider", 1.5));
	}

}
