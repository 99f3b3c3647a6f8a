package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recommendable items as the request path reads them: each item in a <b>slot</b> (0
 * to {@link #size()} − 1) of flat arrays, each category a small number, and the ranked
 * lists and co-occurrence lists as arrays of slots. Immutable; built once per serving
 * snapshot ({@link Builder}).
 *
 * <p>
 * An item id is looked up once, where it enters the request (the user's recent and
 * consumed items, the request's exclusions, the towers' retrieval: {@link #slot}); from
 * there on the decision works on slots, without hashing a string or walking a map per
 * candidate. A slot means nothing across snapshots: anything kept longer is keyed by item
 * id.
 */
public final class ItemCatalogue {

	/** No item. */
	public static final ItemCatalogue EMPTY = builder().build();

	/** A list or co-occurrence entry whose item is not recommendable. */
	public static final int NONE = -1;

	private static final int[] NO_SLOTS = new int[0];

	private final CatalogueItem[] items;

	private final Map<String, Integer> slots;

	private final int[] categoryOf;

	private final String[] categories;

	private final Map<String, Integer> categoryIndex;

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

	private ItemCatalogue(Builder b) {
		this.items = b.items.values().toArray(new CatalogueItem[0]);
		this.slots = new HashMap<>(this.items.length * 2);
		this.categoryIndex = new HashMap<>();
		List<String> categories = new ArrayList<>();
		this.categoryOf = new int[this.items.length];
		for (int slot = 0; slot < this.items.length; slot++) {
			CatalogueItem item = this.items[slot];
			this.slots.put(item.itemId(), slot);
			// its content features hashed here, off the request path (kept by the
			// description, so an item unchanged since the last snapshot is not hashed
			// again)
			item.description().hashed();
			Integer c = this.categoryIndex.get(item.category());
			if (c == null) {
				c = categories.size();
				categories.add(item.category());
				this.categoryIndex.put(item.category(), c);
			}
			this.categoryOf[slot] = c;
		}
		this.categories = categories.toArray(new String[0]);
		this.lists = new EnumMap<>(CandidateSource.ListKind.class);
		for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
			int[][] byScope = new int[this.categories.length + 1][];
			Arrays.fill(byScope, NO_SLOTS);
			this.lists.put(kind, byScope);
		}
		b.lists.forEach((key, ids) -> {
			int scope = (key.category() == null) ? 0 : this.categoryIndex.getOrDefault(key.category(), -1) + 1;
			if (scope > 0 || key.category() == null) {
				this.lists.get(key.kind())[scope] = slotsOf(ids);
			}
		});
		this.coOccurrences = new CoOccurrences[this.items.length];
		this.partners = new Partners[this.items.length];
		b.coOccurrences.forEach((itemId, co) -> {
			Integer slot = this.slots.get(itemId);
			if (slot != null) {
				this.coOccurrences[slot] = co;
			}
		});
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

	/** How many items, each in a slot 0 to size − 1. */
	public int size() {
		return this.items.length;
	}

	/** The slot of a recommendable item, or {@link #NONE}. */
	public int slot(String itemId) {
		Integer slot = (itemId != null) ? this.slots.get(itemId) : null;
		return (slot != null) ? slot : NONE;
	}

	/** The item in a slot. */
	public CatalogueItem item(int slot) {
		return this.items[slot];
	}

	/** A recommendable item by id, or {@code null}. */
	public CatalogueItem item(String itemId) {
		int slot = slot(itemId);
		return (slot != NONE) ? this.items[slot] : null;
	}

	/** The category of the item in a slot, as a number ({@link #categoryName}). */
	public int category(int slot) {
		return this.categoryOf[slot];
	}

	/** How many categories the items have, numbered 0 to categories − 1. */
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
		return (c != null) ? c : NONE;
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
			return new ItemCatalogue(this);
		}

	}

	private record ListKey(CandidateSource.ListKind kind, String category) {
	}

}
