package dev.kairos.fairness;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.fairness.ExposureAudit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exposure audit's counting, over an in-memory store that keeps the offsets as the
 * Redis one does.
 */
class FairnessTallyTest {

	private static final long DAY = 86_400_000L;

	private static final long NOW = 1_800_000_000_000L;

	static final class MemoryStore implements FairnessStore {

		final Map<String, Double> counts = new TreeMap<>();

		final Map<Integer, Long> offsets = new HashMap<>();

		final Map<String, ItemFacts> items = new HashMap<>();

		@Override
		public void add(int partition, List<Count> batch) {
			long last = this.offsets.getOrDefault(partition, -1L);
			long top = last;
			for (Count c : batch) {
				if (c.offset() > last) {
					if (!c.field().isEmpty()) {
						this.counts.merge(c.field(), c.increment(), Double::sum);
					}
					top = Math.max(top, c.offset());
				}
			}
			this.offsets.put(partition, top);
		}

		@Override
		public Map<String, Double> counts() {
			return new HashMap<>(this.counts);
		}

		final Map<String, Map<String, String>> contexts = new HashMap<>();

		@Override
		public Map<String, Map<String, String>> userContexts(Collection<String> userIds) {
			Map<String, Map<String, String>> found = new HashMap<>();
			userIds.forEach((id) -> {
				if (this.contexts.containsKey(id)) {
					found.put(id, this.contexts.get(id));
				}
			});
			return found;
		}

		@Override
		public Map<String, ItemFacts> items(Collection<String> itemIds) {
			Map<String, ItemFacts> found = new HashMap<>();
			itemIds.forEach((id) -> {
				if (this.items.containsKey(id)) {
					found.put(id, this.items.get(id));
				}
			});
			return found;
		}

	}

	private final MemoryStore store = new MemoryStore();

	private final FairnessTally tally = new FairnessTally(this.store,
			new FairnessSettings("provider", "segment", 3 * DAY, 2, 1));

	private final FairnessReport report = new FairnessReport(this.store,
			new FairnessSettings("provider", "segment", 3 * DAY, 2, 1));

	@Test
	void showingsWithdrawalsAndClicksCountByCategoryAgeAndAttributeOnce() {
		this.store.contexts.put("u1", Map.of("segment", "students"));
		this.store.items.put("old-book",
				new FairnessStore.ItemFacts("books", NOW - 30 * DAY, Map.of("provider", "acme")));
		this.store.items.put("new-shoe", new FairnessStore.ItemFacts("shoes", NOW - DAY, Map.of("provider", "indie")));
		List<FairnessTally.Logged> batch = List.of(new FairnessTally.Logged(0, 10, "u1", "old-book", NOW, 1, false),
				new FairnessTally.Logged(0, 11, "u1", "new-shoe", NOW, 1, false),
				new FairnessTally.Logged(0, 12, "u1", "old-book", NOW, 1, false),
				new FairnessTally.Logged(0, 13, "u1", "new-shoe", NOW, -1, false), // withdrawn
				new FairnessTally.Logged(0, 14, "u1", "old-book", NOW, 0, true), // a
																					// click
				new FairnessTally.Logged(0, 15, "u1", "unknown", NOW, 1, false)); // not
																					// in
																					// the
		// catalogue
		this.tally.add(batch);
		this.tally.add(batch); // redelivered: nothing more
		Map<String, ExposureAudit.Dimension> audit = this.report.audit();
		assertThat(audit).containsOnlyKeys("category", "age", "item.provider", "user.segment");
		assertThat(audit.get("user.segment").groups()).singleElement().satisfies((g) -> {
			assertThat(g.group()).isEqualTo("students");
			assertThat(g.shown()).isEqualTo(2);
			assertThat(g.ctr()).isEqualTo(0.5);
		});
		ExposureAudit.Dimension category = audit.get("category");
		assertThat(category.shown()).isEqualTo(2);
		assertThat(category.groups()).extracting(ExposureAudit.Group::group).containsExactly("books", "shoes");
		assertThat(category.groups().get(0).shown()).isEqualTo(2);
		assertThat(category.groups().get(0).clicked()).isEqualTo(1);
		assertThat(category.groups().get(1).shown()).isZero();
		assertThat(audit.get("age").groups()).extracting(ExposureAudit.Group::group)
			.containsExactly("established", "new");
		assertThat(audit.get("item.provider").groups().get(0).group()).isEqualTo("acme");
	}

	@Test
	void valuesPastTheCapCountAsOther() {
		for (String c : List.of("a", "b", "c", "d")) {
			this.store.items.put("i-" + c, new FairnessStore.ItemFacts(c, NOW - 30 * DAY, Map.of()));
		}
		this.tally.add(List.of(new FairnessTally.Logged(1, 0, "u1", "i-a", NOW, 1, false),
				new FairnessTally.Logged(1, 1, "u1", "i-b", NOW, 1, false),
				new FairnessTally.Logged(1, 2, "u1", "i-c", NOW, 1, false),
				new FairnessTally.Logged(1, 3, "u1", "i-d", NOW, 1, false)));
		assertThat(this.report.audit().get("category").groups()).extracting(ExposureAudit.Group::group)
			.containsExactly(FairnessTally.OTHER, "a", "b");
		// without the attribute, it is "(none)"
		assertThat(this.report.audit().get("item.provider").groups()).extracting(ExposureAudit.Group::group)
			.containsExactly("(none)");
	}

}
