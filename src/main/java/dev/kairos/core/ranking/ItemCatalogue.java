package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recommendable items as the request path reads them: each item in a <b>slot</b> of
 * flat arrays, each category a small number, and the ranked lists and co-occurrence lists
 * as arrays of slots. Immutable; built once ({@link Builder}), then changed by an
 * {@link Update} that makes a new catalogue and leaves this one as it was.
 *
 * <p>
 * An item id is looked up once, where it enters the request (the user's recent and
 * consumed items, the request's exclusions, the towers' retrieval: {@link #slot}); from
 * there on the decision works on slots, without hashing a string or walking a map per
 * candidate. A slot means nothing across snapshots: anything kept longer is keyed by item
 * id.
 *
 * <p>
 * An update costs what it changes, not the catalogue's size: an item changed keeps its
 * slot (its entry is overwritten in a copy of the arrays), a new item takes a new slot at
 * the end, a retired item leaves an empty slot that no list, partner or look-up reaches.
 * The id → slot map is shared with the catalogue updated, with the update's added and
 * retired ids in a small map consulted first; once those or the empty slots exceed a
 * share of the catalogue ({@link #COMPACT_SHARE}), the update builds the catalogue again
 * with no empty slot. The arrays copied are flat copies of references and numbers; the
 * only hashing is of the ids that came or went.
 */
public final class ItemCatalogue {

	private static final int[] NO_SLOTS = new int[0];

	/** No item. */
	public static final ItemCatalogue EMPTY = builder().build();

	/** A list or co-occurrence entry whose item is not recommendable. */
	public static final int NONE = -1;

	/**
	 * The share of the slots that may be empty, or of the ids that may be looked up in
	 * the update's map, before an update builds the catalogue again in full.
	 */
	public static final double COMPACT_SHARE = 0.125;

	/** The most the update's map holds regardless of the catalogue's size. */
	private static final int MIN_COMPACT = 64;

	/** Per slot, its item, or {@code null} for a retired item's empty slot. */
	private final CatalogueItem[] items;

	/** Id → slot, shared between the catalogues of successive updates. */
	private final Map<String, Integer> slots;

	/**
	 * Id → slot ({@link #NONE} for retired) for the ids added or retired since
	 * {@link #slots} was made; read first.
	 */
	private final Map<String, Integer> changedSlots;

	private final int live;

	private final int[] categoryOf;

	private final String[] categories;

	private final Map<String, Integer> categoryIndex;

	/** Per category number, how many items have it. */
	private final int[] categoryCounts;

	/** Per list kind: the whole catalogue's list at 0, category c's at c + 1. */
	private final Map<CandidateSource.ListKind, int[][]> lists;

	/** Per slot, its co-occurrence list by id as the store gave it, or {@code null}. */
	private final CoOccurrences[] coOccurrences;

	/**
	 * Per slot, its partners as slots, made on first use: a request reads the lists of a
	 * few items, so a snapshot's build does not map the lists of all of them. A race
	 * makes one twice, equal; each is published through a final field.
	 */
	private final Partners[] partners;

	private ItemCatalogue(CatalogueItem[] items, Map<String, Integer> slots, Map<String, Integer> changedSlots,
			int live, int[] categoryOf, String[] categories, Map<String, Integer> categoryIndex, int[] categoryCounts,
			Map<CandidateSource.ListKind, int[][]> lists, CoOccurrences[] coOccurrences, Partners[] partners) {
		this.items = items;
		this.slots = slots;
		this.changedSlots = changedSlots;
		this.live = live;
		this.categoryOf = categoryOf;
		this.categories = categories;
		this.categoryIndex = categoryIndex;
		this.categoryCounts = categoryCounts;
		this.lists = lists;
		this.coOccurrences = coOccurrences;
		this.partners = partners;
	}

	/**
	 * A catalogue of these items in slots 0 to n − 1 in the order given, with these lists
	 * (by id, or already by slot) and co-occurrences.
	 */
	private static ItemCatalogue of(List<CatalogueItem> given, Map<ListKey, List<String>> idLists,
			Map<ListKey, int[]> slotLists, Map<String, CoOccurrences> coOccurrences) {
		CatalogueItem[] items = given.toArray(new CatalogueItem[0]);
		Map<String, Integer> slots = new HashMap<>(items.length * 2);
		Map<String, Integer> categoryIndex = new HashMap<>();
		List<String> categories = new ArrayList<>();
		int[] categoryOf = new int[items.length];
		int[] counts = new int[8];
		for (int slot = 0; slot < items.length; slot++) {
			CatalogueItem item = items[slot];
			slots.put(item.itemId(), slot);
			// its content features hashed here, off the request path (kept by the
			// description, so an item unchanged since the last snapshot is not hashed
			// again)
			item.description().hashed();
			Integer c = categoryIndex.get(item.category());
			if (c == null) {
				c = categories.size();
				categories.add(item.category());
				categoryIndex.put(item.category(), c);
			}
			categoryOf[slot] = c;
			counts = grown(counts, c + 1);
			counts[c]++;
		}
		Map<CandidateSource.ListKind, int[][]> lists = new EnumMap<>(CandidateSource.ListKind.class);
		for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
			int[][] byScope = new int[categories.size() + 1][];
			Arrays.fill(byScope, NO_SLOTS);
			lists.put(kind, byScope);
		}
		ItemCatalogue catalogue = new ItemCatalogue(items, slots, Map.of(), items.length, categoryOf,
				categories.toArray(new String[0]), categoryIndex, Arrays.copyOf(counts, categories.size()), lists,
				new CoOccurrences[items.length], new Partners[items.length]);
		idLists.forEach((key, ids) -> catalogue.putList(key, catalogue.slotsOf(ids)));
		slotLists.forEach(catalogue::putList);
		coOccurrences.forEach((itemId, co) -> {
			Integer slot = slots.get(itemId);
			if (slot != null) {
				catalogue.coOccurrences[slot] = co;
			}
		});
		return catalogue;
	}

	/** Sets a list of a known scope (the catalogue is not yet published). */
	private void putList(ListKey key, int[] slots) {
		int scope = (key.category() == null) ? 0 : this.categoryIndex.getOrDefault(key.category(), -1) + 1;
		if (scope > 0 || key.category() == null) {
			this.lists.get(key.kind())[scope] = slots;
		}
	}

	private static int[] grown(int[] array, int length) {
		return (array.length >= length) ? array : Arrays.copyOf(array, Math.max(length, 2 * array.length));
	}

	/**
	 * The slots of ids in order, {@link #NONE} for an id not recommendable (kept, so that
	 * a place in the list still counts).
	 */
	public int[] slotsOf(List<String> ids) {
		int[] slots = new int[ids.size()];
		for (int i = 0; i < slots.length; i++) {
			slots[i] = slot(ids.get(i));
		}
		return slots;
	}

	/** A new builder. */
	public static Builder builder() {
		return new Builder();
	}

	/** An update of this catalogue (which it leaves unchanged). */
	public Update update() {
		return new Update(this);
	}

	/** How many recommendable items. */
	public int size() {
		return this.live;
	}

	/**
	 * How many slots, 0 to slots − 1: {@link #size()} of them hold an item, the others
	 * ({@link #item(int)} {@code null}) an item retired since the catalogue was last
	 * built in full.
	 */
	public int slots() {
		return this.items.length;
	}

	/** The slot of a recommendable item, or {@link #NONE}. */
	public int slot(String itemId) {
		if (itemId == null) {
			return NONE;
		}
		Integer slot = this.changedSlots.isEmpty() ? null : this.changedSlots.get(itemId);
		if (slot == null) {
			slot = this.slots.get(itemId);
		}
		return (slot != null) ? slot : NONE;
	}

	/** The item in a slot, {@code null} if the slot is empty. */
	public CatalogueItem item(int slot) {
		return this.items[slot];
	}

	/** A recommendable item by id, or {@code null}. */
	public CatalogueItem item(String itemId) {
		int slot = slot(itemId);
		return (slot != NONE) ? this.items[slot] : null;
	}

	/**
	 * The category of the item in a slot, as a number ({@link #categoryName});
	 * {@link #NONE} for an empty slot.
	 */
	public int category(int slot) {
		return this.categoryOf[slot];
	}

	/**
	 * How many category numbers there are, 0 to categories − 1 (a category whose items
	 * were all retired keeps its number until the catalogue is built in full).
	 */
	public int categories() {
		return this.categories.length;
	}

	/** The name of a category number. */
	public String categoryName(int category) {
		return this.categories[category];
	}

	/** The number of a category, or {@link #NONE} if no item has it. */
	public int category(String name) {
		Integer c = (name != null) ? this.categoryIndex.get(name) : null;
		return (c != null && this.categoryCounts[c] > 0) ? c : NONE;
	}

	/**
	 * The first items of a ranked list, as slots ({@link #NONE} for an item not
	 * recommendable); empty if there is none. Not to be modified.
	 * @param category a category number, or {@link #NONE} for the whole catalogue
	 */
	public int[] list(CandidateSource.ListKind kind, int category) {
		return this.lists.get(kind)[category + 1];
	}

	/**
	 * The item's strongest partners by decayed co-occurrence, strongest first, as slots
	 * ({@link #NONE} for a partner not recommendable); empty if none. Not to be modified.
	 */
	public int[] partners(int slot) {
		Partners p = this.partners[slot];
		if (p == null) {
			CoOccurrences co = this.coOccurrences[slot];
			p = new Partners((co != null) ? slotsOf(co.partners()) : NO_SLOTS);
			this.partners[slot] = p;
		}
		return p.slots();
	}

	/**
	 * Each partner's co-occurrence log-sum, in the order of {@link #partners}. Not to be
	 * modified.
	 */
	public double[] partnerLogSums(int slot) {
		CoOccurrences co = this.coOccurrences[slot];
		return (co != null) ? co.logSums() : CoOccurrences.EMPTY.logSums();
	}

	/** An item's co-occurrence list as given, or {@code null}. */
	public CoOccurrences coOccurrences(int slot) {
		return this.coOccurrences[slot];
	}

	private record Partners(int[] slots) {
	}

	/** The ids of slots, in order, leaving out {@link #NONE}. */
	public List<String> ids(int[] slots) {
		List<String> ids = new ArrayList<>(slots.length);
		for (int slot : slots) {
			if (slot != NONE) {
				ids.add(this.items[slot].itemId());
			}
		}
		return ids;
	}

	/** The items, their ranked lists and their co-occurrences, by item id. */
	public static final class Builder {

		private final Map<String, CatalogueItem> items = new LinkedHashMap<>();

		private final Map<ListKey, List<String>> lists = new LinkedHashMap<>();

		private final Map<String, CoOccurrences> coOccurrences = new HashMap<>();

		private Builder() {
		}

		/** Adds (or replaces) a recommendable item. */
		public Builder item(CatalogueItem item) {
			this.items.put(item.itemId(), item);
			return this;
		}

		/** Adds recommendable items. */
		public Builder items(Iterable<CatalogueItem> items) {
			for (CatalogueItem item : items) {
				item(item);
			}
			return this;
		}

		/**
		 * Sets a ranked list's first items (ids not recommendable stay in their places,
		 * as {@link #NONE}).
		 * @param category the category, or {@code null} for the whole catalogue
		 */
		public Builder list(CandidateSource.ListKind kind, String category, List<String> ids) {
			this.lists.put(new ListKey(kind, category), List.copyOf(ids));
			return this;
		}

		/** Sets an item's co-occurrence partners (kept only for a recommendable item). */
		public Builder coOccurrences(String itemId, CoOccurrences partners) {
			this.coOccurrences.put(itemId, partners);
			return this;
		}

		public ItemCatalogue build() {
			return of(List.copyOf(this.items.values()), this.lists, Map.of(), this.coOccurrences);
		}

	}

	/**
	 * Changes to a catalogue: items put (new or changed) or retired, co-occurrence lists
	 * set, ranked lists set. Lists not set keep their items; a list set or kept is mapped
	 * after the items' changes, so a retired item is in none. {@link #build()} makes the
	 * new catalogue; the one updated never changes.
	 */
	public static final class Update {

		private final ItemCatalogue from;

		private final Map<String, CatalogueItem> put = new LinkedHashMap<>();

		private final Map<String, Boolean> retired = new LinkedHashMap<>();

		private final Map<String, CoOccurrences> coOccurrences = new HashMap<>();

		private final Map<ListKey, List<String>> lists = new LinkedHashMap<>();

		private Update(ItemCatalogue from) {
			this.from = from;
		}

		/**
		 * Puts an item: a new one, or new counts or description of one in the catalogue.
		 */
		public Update put(CatalogueItem item) {
			this.put.put(item.itemId(), item);
			this.retired.remove(item.itemId());
			return this;
		}

		/** Retires an item (nothing if it is not in the catalogue). */
		public Update retire(String itemId) {
			this.put.remove(itemId);
			this.retired.put(itemId, Boolean.TRUE);
			this.coOccurrences.remove(itemId);
			return this;
		}

		/**
		 * Sets an item's co-occurrence partners, or removes them ({@code null}); kept
		 * only for a recommendable item.
		 */
		public Update coOccurrences(String itemId, CoOccurrences partners) {
			this.coOccurrences.put(itemId, partners);
			return this;
		}

		/**
		 * Sets a ranked list's first items (ids not recommendable stay in their places,
		 * as {@link #NONE}).
		 * @param category the category, or {@code null} for the whole catalogue
		 */
		public Update list(CandidateSource.ListKind kind, String category, List<String> ids) {
			this.lists.put(new ListKey(kind, category), List.copyOf(ids));
			return this;
		}

		/** The new catalogue. */
		public ItemCatalogue build() {
			ItemCatalogue old = this.from;
			int added = 0;
			int retiring = 0;
			for (String id : this.put.keySet()) {
				if (old.slot(id) == NONE) {
					added++;
				}
			}
			for (String id : this.retired.keySet()) {
				if (old.slot(id) != NONE) {
					retiring++;
				}
			}
			int slots = old.items.length + added;
			int live = old.live + added - retiring;
			int holes = slots - live;
			int changedIds = old.changedSlots.size() + added + retiring;
			int bound = Math.max(MIN_COMPACT, (int) (COMPACT_SHARE * live));
			if (holes > bound || changedIds > bound) {
				return compacted();
			}
			CatalogueItem[] items = Arrays.copyOf(old.items, slots);
			int[] categoryOf = Arrays.copyOf(old.categoryOf, slots);
			CoOccurrences[] co = Arrays.copyOf(old.coOccurrences, slots);
			// partners are mapped to slots: kept while no id came or went
			Partners[] partners = (added + retiring == 0) ? Arrays.copyOf(old.partners, slots) : new Partners[slots];
			Map<String, Integer> changedSlots = (added + retiring == 0) ? old.changedSlots
					: new HashMap<>(old.changedSlots);
			Map<String, Integer> categoryIndex = old.categoryIndex;
			List<String> categories = null;
			int[] counts = Arrays.copyOf(old.categoryCounts, old.categoryCounts.length);
			int next = old.items.length;
			for (String id : this.retired.keySet()) {
				int slot = old.slot(id);
				if (slot == NONE) {
					continue;
				}
				counts[categoryOf[slot]]--;
				items[slot] = null;
				categoryOf[slot] = NONE;
				co[slot] = null;
				partners[slot] = null;
				changedSlots.put(id, NONE);
			}
			for (CatalogueItem item : this.put.values()) {
				int slot = old.slot(item.itemId());
				if (slot == NONE) {
					slot = next++;
					changedSlots.put(item.itemId(), slot);
				}
				else {
					counts[categoryOf[slot]]--;
				}
				item.description().hashed();
				Integer c = categoryIndex.get(item.category());
				if (c == null) {
					if (categories == null) {
						categoryIndex = new HashMap<>(old.categoryIndex);
						categories = new ArrayList<>(List.of(old.categories));
					}
					c = categories.size();
					categories.add(item.category());
					categoryIndex.put(item.category(), c);
				}
				counts = grown(counts, c + 1);
				counts[c]++;
				items[slot] = item;
				categoryOf[slot] = c;
				co[slot] = null;
				partners[slot] = null;
			}
			String[] categoryNames = (categories != null) ? categories.toArray(new String[0]) : old.categories;
			Map<CandidateSource.ListKind, int[][]> lists = new EnumMap<>(CandidateSource.ListKind.class);
			for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
				int[][] byScope = Arrays.copyOf(old.lists.get(kind), categoryNames.length + 1);
				for (int scope = old.categories.length + 1; scope < byScope.length; scope++) {
					byScope[scope] = NO_SLOTS;
				}
				lists.put(kind, byScope);
			}
			ItemCatalogue catalogue = new ItemCatalogue(items, old.slots, changedSlots, live, categoryOf, categoryNames,
					categoryIndex, Arrays.copyOf(counts, categoryNames.length), lists, co, partners);
			// co-occurrences: kept for the items not put; those of items put are set
			// again
			// or dropped
			for (CatalogueItem item : this.put.values()) {
				int slot = catalogue.slot(item.itemId());
				CoOccurrences given = this.coOccurrences.get(item.itemId());
				co[slot] = (given != null) ? given : old.coOccurrenceOf(item.itemId(), this.coOccurrences);
			}
			this.coOccurrences.forEach((id, given) -> {
				int slot = catalogue.slot(id);
				if (slot != NONE && !this.put.containsKey(id)) {
					co[slot] = given;
					partners[slot] = null;
				}
			});
			if (retiring > 0) {
				// a list kept may hold a retired item: NONE in its place, as in a list
				// built now
				for (int[][] byScope : lists.values()) {
					for (int scope = 0; scope < byScope.length; scope++) {
						byScope[scope] = withoutRetired(byScope[scope], items);
					}
				}
			}
			this.lists.forEach((key, ids) -> catalogue.putList(key, catalogue.slotsOf(ids)));
			return catalogue;
		}

		/** The whole catalogue again, in slots 0 to n − 1 with none empty. */
		private ItemCatalogue compacted() {
			ItemCatalogue old = this.from;
			List<CatalogueItem> items = new ArrayList<>(old.live + this.put.size());
			Map<String, CoOccurrences> co = new HashMap<>();
			for (int slot = 0; slot < old.items.length; slot++) {
				CatalogueItem item = old.items[slot];
				if (item == null || this.retired.containsKey(item.itemId())) {
					continue;
				}
				CatalogueItem changed = this.put.get(item.itemId());
				items.add((changed != null) ? changed : item);
				CoOccurrences partners = old.coOccurrenceOf(item.itemId(), this.coOccurrences);
				if (partners != null) {
					co.put(item.itemId(), partners);
				}
			}
			for (CatalogueItem item : this.put.values()) {
				if (old.slot(item.itemId()) == NONE) {
					items.add(item);
				}
			}
			this.coOccurrences.forEach((id, given) -> {
				if (given != null) {
					co.put(id, given);
				}
				else {
					co.remove(id);
				}
			});
			Map<ListKey, int[]> kept = new HashMap<>();
			ItemCatalogue built = of(items, Map.of(), Map.of(), co);
			for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
				int[][] byScope = old.lists.get(kind);
				for (int scope = 0; scope < byScope.length; scope++) {
					String category = (scope == 0) ? null : old.categories[scope - 1];
					ListKey key = new ListKey(kind, category);
					if (!this.lists.containsKey(key) && byScope[scope].length > 0) {
						kept.put(key, remapped(byScope[scope], old, built));
					}
				}
			}
			kept.forEach(built::putList);
			this.lists.forEach((key, ids) -> built.putList(key, built.slotsOf(ids)));
			return built;
		}

	}

	/**
	 * An item's co-occurrences after an update's changes: those the update gives (or
	 * removes), else this catalogue's, or {@code null}.
	 */
	private CoOccurrences coOccurrenceOf(String itemId, Map<String, CoOccurrences> given) {
		if (given.containsKey(itemId)) {
			return given.get(itemId);
		}
		int slot = slot(itemId);
		return (slot != NONE) ? this.coOccurrences[slot] : null;
	}

	/**
	 * A kept list's slots with {@link #NONE} for retired items (the same array if none
	 * is).
	 */
	private static int[] withoutRetired(int[] list, CatalogueItem[] items) {
		int[] kept = list;
		for (int i = 0; i < list.length; i++) {
			if (list[i] != NONE && items[list[i]] == null) {
				if (kept == list) {
					kept = list.clone();
				}
				kept[i] = NONE;
			}
		}
		return kept;
	}

	/**
	 * A list's slots in one catalogue as slots in another ({@link #NONE} for an item not
	 * in the other).
	 */
	private static int[] remapped(int[] list, ItemCatalogue from, ItemCatalogue to) {
		int[] slots = new int[list.length];
		for (int i = 0; i < list.length; i++) {
			slots[i] = (list[i] == NONE || from.items[list[i]] == null) ? NONE : to.slot(from.items[list[i]].itemId());
		}
		return slots;
	}

	private record ListKey(CandidateSource.ListKind kind, String category) {
	}

}
