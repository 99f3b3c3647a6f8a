package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.kairos.core.stats.ForwardDecay;

/**
 * The ranked lists a catalogue serves, computed from its items, over the whole catalogue
 * and per category, the first {@code length} items of each: popular and trending by
 * decayed score, most first (items never clicked or viewed are in neither); new by
 * creation time, newest first; least shown by exposure ({@link Exposure}), least first.
 * Ties by item id, so each list is one list whatever order the items come in.
 *
 * <p>
 * Kept across the catalogue's updates at the cost of what changed. Each list keeps its
 * first {@code 2 × length} items (its <i>prefix</i>), exactly as a computation from
 * scratch would give them. An update takes the changed items out of the prefixes of the
 * scopes they were or are in, and merges in their new records: the unchanged items left
 * are the first of the unchanged items (none missing before the last of them), so the
 * merged list is exact up to its last unchanged item, and beyond it only if the prefix
 * held the whole scope. When fewer than {@code length} items are known that way (the
 * changes emptied a prefix), the scopes in that state are computed again in one pass over
 * the items.
 *
 * <p>
 * Not thread-safe: one writer keeps it, next to the catalogue it made.
 */
public final class CatalogueLists {

	private static final Comparator<CatalogueItem> BY_ID = Comparator.comparing(CatalogueItem::itemId);

	private static final Map<CandidateSource.ListKind, Comparator<CatalogueItem>> ORDERS = new EnumMap<>(
			Map.of(CandidateSource.ListKind.POPULAR,
					Comparator.comparingDouble(CatalogueItem::popularityLogSum).reversed().thenComparing(BY_ID),
					CandidateSource.ListKind.TRENDING,
					Comparator.comparingDouble(CatalogueItem::trendingLogSum).reversed().thenComparing(BY_ID),
					CandidateSource.ListKind.NEW,
					Comparator.comparingLong(CatalogueItem::createdAtMillis).reversed().thenComparing(BY_ID),
					CandidateSource.ListKind.LEAST_SHOWN,
					Comparator.comparingDouble(CatalogueItem::exposure).thenComparing(BY_ID)));

	private static final Map<CandidateSource.ListKind, Predicate<CatalogueItem>> MEMBERS = new EnumMap<>(Map.of(
			CandidateSource.ListKind.POPULAR, (item) -> item.popularityLogSum() != ForwardDecay.EMPTY,
			CandidateSource.ListKind.TRENDING, (item) -> item.trendingLogSum() != ForwardDecay.EMPTY,
			CandidateSource.ListKind.NEW, (item) -> true, CandidateSource.ListKind.LEAST_SHOWN, (item) -> true));

	private final int length;

	private final int kept;

	/** Per list (kind and category, {@code null} for the whole catalogue), its prefix. */
	private final Map<Scope, Prefix> prefixes = new HashMap<>();

	private long recomputed;

	/**
	 * @param length how many items each list serves, ≥ 1
	 */
	public CatalogueLists(int length) {
		if (length < 1) {
			throw new IllegalArgumentException("a list serves at least one item: " + length);
		}
		this.length = length;
		this.kept = 2 * length;
	}

	/**
	 * A catalogue of these items and co-occurrence lists, with its lists computed from
	 * the items (kept for {@link #updated}).
	 */
	public ItemCatalogue built(Collection<CatalogueItem> items, Map<String, CoOccurrences> coOccurrences) {
		ItemCatalogue.Builder builder = ItemCatalogue.builder().items(items);
		build(items, builder);
		coOccurrences.forEach(builder::coOccurrences);
		return builder.build();
	}

	/**
	 * The catalogue after changes, with its lists: the items read again put (keeping
	 * their slots) with their co-occurrence lists, those gone retired. The catalogue
	 * given must be the last this object built or updated.
	 * @param changed per item read again, its record, or {@code null} if it is not
	 * recommendable (retired, inactive, unknown)
	 * @param coOccurrences the co-occurrence lists of the items read again (none for an
	 * item absent)
	 */
	public ItemCatalogue updated(ItemCatalogue before, Map<String, CatalogueItem> changed,
			Map<String, CoOccurrences> coOccurrences) {
		ItemCatalogue.Update update = before.update();
		Map<String, CatalogueItem> moved = new HashMap<>();
		changed.forEach((id, item) -> {
			if (item != null) {
				update.put(item).coOccurrences(id, coOccurrences.get(id));
				moved.put(id, item);
			}
			else if (before.slot(id) != ItemCatalogue.NONE) {
				update.retire(id);
				moved.put(id, null);
			}
		});
		update(before, moved, update);
		return update.build();
	}

	/**
	 * Computes every list from the items (all the catalogue's) and sets them in the
	 * builder; what was kept before is dropped.
	 */
	void build(Collection<CatalogueItem> items, ItemCatalogue.Builder builder) {
		this.prefixes.clear();
		Map<String, List<CatalogueItem>> byCategory = new HashMap<>();
		for (CatalogueItem item : items) {
			byCategory.computeIfAbsent(item.category(), (c) -> new ArrayList<>()).add(item);
		}
		Map<String, Collection<CatalogueItem>> scopes = new HashMap<>(byCategory);
		for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
			Prefix all = computed(kind, items);
			this.prefixes.put(new Scope(kind, null), all);
			builder.list(kind, null, all.served(this.length));
			scopes.forEach((category, members) -> {
				Prefix prefix = computed(kind, members);
				this.prefixes.put(new Scope(kind, category), prefix);
				builder.list(kind, category, prefix.served(this.length));
			});
		}
	}

	/**
	 * Updates the lists for changed items and sets the lists they change in the
	 * catalogue's update.
	 * @param before the catalogue the lists were last built or updated for
	 * @param changed per item changed, its new record, or {@code null} if it left the
	 * catalogue
	 * @param update the catalogue's update, which gets the lists that changed
	 */
	void update(ItemCatalogue before, Map<String, CatalogueItem> changed, ItemCatalogue.Update update) {
		if (changed.isEmpty()) {
			return;
		}
		// the scopes touched: the whole catalogue, and each changed item's categories
		// before and after
		Map<String, List<CatalogueItem>> entering = new HashMap<>();
		List<CatalogueItem> present = new ArrayList<>();
		Set<String> categories = new LinkedHashSet<>();
		changed.forEach((id, item) -> {
			CatalogueItem old = before.item(id);
			if (old != null) {
				categories.add(old.category());
			}
			if (item != null) {
				categories.add(item.category());
				present.add(item);
				entering.computeIfAbsent(item.category(), (c) -> new ArrayList<>()).add(item);
			}
		});
		List<Scope> stale = new ArrayList<>();
		for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
			updateScope(new Scope(kind, null), present, changed.keySet(), update, stale);
			for (String category : categories) {
				updateScope(new Scope(kind, category), entering.getOrDefault(category, List.of()), changed.keySet(),
						update, stale);
			}
		}
		if (!stale.isEmpty()) {
			recompute(stale, before, changed, update);
		}
	}

	/**
	 * How many lists were computed again in full by updates (for tests and benchmarks).
	 */
	public long recomputed() {
		return this.recomputed;
	}

	private void updateScope(Scope scope, List<CatalogueItem> candidates, Set<String> changed,
			ItemCatalogue.Update update, List<Scope> stale) {
		Prefix previous = this.prefixes.getOrDefault(scope, Prefix.NONE);
		Comparator<CatalogueItem> order = ORDERS.get(scope.kind());
		Predicate<CatalogueItem> member = MEMBERS.get(scope.kind());
		List<CatalogueItem> in = new ArrayList<>(candidates.size());
		for (CatalogueItem item : candidates) {
			if (member.test(item)) {
				in.add(item);
			}
		}
		in.sort(order);
		Prefix next = previous.updated(changed, in, order, this.kept);
		if (next == null || (!next.complete() && next.items().size() < this.length)) {
			stale.add(scope);
			return;
		}
		this.prefixes.put(scope, next);
		if (!next.servesAs(previous, this.length)) {
			// a list whose items are the same keeps their slots: nothing to set
			update.list(scope.kind(), scope.category(), next.served(this.length));
		}
	}

	/** Computes the stale lists again, in one pass over the items after the changes. */
	private void recompute(List<Scope> stale, ItemCatalogue before, Map<String, CatalogueItem> changed,
			ItemCatalogue.Update update) {
		Set<String> categories = new LinkedHashSet<>();
		boolean all = false;
		for (Scope scope : stale) {
			all |= scope.category() == null;
			if (scope.category() != null) {
				categories.add(scope.category());
			}
		}
		List<CatalogueItem> everything = new ArrayList<>();
		Map<String, List<CatalogueItem>> byCategory = new HashMap<>();
		for (String category : categories) {
			byCategory.put(category, new ArrayList<>());
		}
		for (int slot = 0; slot < before.slots(); slot++) {
			CatalogueItem item = before.item(slot);
			if (item == null || changed.containsKey(item.itemId())) {
				continue;
			}
			collect(item, all, everything, byCategory);
		}
		for (CatalogueItem item : changed.values()) {
			if (item != null) {
				collect(item, all, everything, byCategory);
			}
		}
		for (Scope scope : stale) {
			Prefix prefix = computed(scope.kind(),
					(scope.category() == null) ? everything : byCategory.get(scope.category()));
			this.prefixes.put(scope, prefix);
			update.list(scope.kind(), scope.category(), prefix.served(this.length));
			this.recomputed++;
		}
	}

	private static void collect(CatalogueItem item, boolean all, List<CatalogueItem> everything,
			Map<String, List<CatalogueItem>> byCategory) {
		if (all) {
			everything.add(item);
		}
		List<CatalogueItem> members = byCategory.get(item.category());
		if (members != null) {
			members.add(item);
		}
	}

	private Prefix computed(CandidateSource.ListKind kind, Collection<CatalogueItem> items) {
		Predicate<CatalogueItem> member = MEMBERS.get(kind);
		Collection<CatalogueItem> members = (kind == CandidateSource.ListKind.NEW
				|| kind == CandidateSource.ListKind.LEAST_SHOWN) ? items : items.stream().filter(member).toList();
		return new Prefix(TopK.of(members, this.kept, ORDERS.get(kind)), members.size() <= this.kept);
	}

	private record Scope(CandidateSource.ListKind kind, String category) {
	}

	/**
	 * A list's first items, best first, exact; {@code complete} if they are all the
	 * scope's.
	 */
	private record Prefix(List<CatalogueItem> items, boolean complete) {

		static final Prefix NONE = new Prefix(List.of(), true);

		List<String> served(int length) {
			List<String> ids = new ArrayList<>(Math.min(length, this.items.size()));
			for (int i = 0; i < length && i < this.items.size(); i++) {
				ids.add(this.items.get(i).itemId());
			}
			return ids;
		}

		/** Whether its first items are another's, by id, in the same order. */
		boolean servesAs(Prefix other, int length) {
			int n = Math.min(length, this.items.size());
			if (n != Math.min(length, other.items.size())) {
				return false;
			}
			for (int i = 0; i < n; i++) {
				if (!this.items.get(i).itemId().equals(other.items.get(i).itemId())) {
					return false;
				}
			}
			return true;
		}

		/**
		 * The prefix after changes: the changed items out, those of them in the scope now
		 * ({@code entering}, sorted) merged in; {@code null} if nothing is known.
		 */
		Prefix updated(Set<String> changed, List<CatalogueItem> entering, Comparator<CatalogueItem> order, int kept) {
			List<CatalogueItem> unchanged = new ArrayList<>(this.items.size());
			for (CatalogueItem item : this.items) {
				if (!changed.contains(item.itemId())) {
					unchanged.add(item);
				}
			}
			if (!this.complete && unchanged.isEmpty()) {
				return null;
			}
			List<CatalogueItem> merged = new ArrayList<>(unchanged.size() + entering.size());
			int exact = 0;
			int u = 0;
			int e = 0;
			while (u < unchanged.size() || e < entering.size()) {
				if (e == entering.size()
						|| (u < unchanged.size() && order.compare(unchanged.get(u), entering.get(e)) < 0)) {
					merged.add(unchanged.get(u++));
					// exact up to here: any unchanged item not in the prefix comes after
					exact = merged.size();
				}
				else {
					merged.add(entering.get(e++));
				}
			}
			if (this.complete) {
				exact = merged.size();
			}
			List<CatalogueItem> items = merged.subList(0, Math.min(exact, kept));
			return new Prefix(List.copyOf(items), this.complete && merged.size() <= kept);
		}

	}

}
