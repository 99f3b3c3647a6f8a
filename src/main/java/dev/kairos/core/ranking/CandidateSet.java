package dev.kairos.core.ranking;

import java.util.Arrays;

/**
 * One request's candidates as catalogue slots ({@link ItemCatalogue}): each slot once, in
 * the order first added, as a {@code LinkedHashSet} would keep them, without boxing or
 * hashing a string. An open-addressing table maps each slot to its place, sized to the
 * request's candidates (a few hundred), not to the catalogue.
 */
final class CandidateSet {

	private static final int EMPTY = -1;

	/** The table: a slot per cell, {@link #EMPTY} where none. */
	private int[] keys;

	/** Per cell, the slot's place in {@link #order}, −1 once removed. */
	private int[] places;

	/** The slots in the order added, {@link ItemCatalogue#NONE} where one was removed. */
	private int[] order;

	private int added;

	private int size;

	private int used;

	/** A set for about {@code expected} slots (it grows past them). */
	CandidateSet(int expected) {
		int capacity = Integer.highestOneBit(Math.max(8, expected) * 2 - 1) << 1;
		this.keys = new int[capacity];
		Arrays.fill(this.keys, EMPTY);
		this.places = new int[capacity];
		this.order = new int[Math.max(8, expected)];
	}

	/** The set of these slots, in order: each one's {@link #indexOf} is its index. */
	static CandidateSet of(int[] slots) {
		CandidateSet set = new CandidateSet(slots.length);
		for (int slot : slots) {
			set.add(slot);
		}
		return set;
	}

	/**
	 * Adds a slot at the end if it is not in the set ({@link ItemCatalogue#NONE} is never
	 * added).
	 */
	void add(int slot) {
		if (slot < 0) {
			return;
		}
		int cell = cell(slot);
		if (this.keys[cell] == slot && this.places[cell] >= 0) {
			return;
		}
		if (this.keys[cell] == EMPTY) {
			this.keys[cell] = slot;
			this.used++;
		}
		if (this.added == this.order.length) {
			this.order = Arrays.copyOf(this.order, this.added * 2);
		}
		this.order[this.added] = slot;
		this.places[cell] = this.added++;
		this.size++;
		if (this.used * 2 > this.keys.length) {
			grow();
		}
	}

	/** Adds each slot of a list in order. */
	void addAll(int[] slots) {
		addAll(slots, slots.length);
	}

	/** Adds the first {@code limit} slots of a list in order. */
	void addAll(int[] slots, int limit) {
		for (int i = 0, n = Math.min(limit, slots.length); i < n; i++) {
			add(slots[i]);
		}
	}

	/** Removes a slot if it is in the set. */
	void remove(int slot) {
		if (slot < 0) {
			return;
		}
		int cell = cell(slot);
		if (this.keys[cell] == slot && this.places[cell] >= 0) {
			this.order[this.places[cell]] = ItemCatalogue.NONE;
			this.places[cell] = -1;
			this.size--;
		}
	}

	/**
	 * The slot's place among those added, or −1 if it is not in the set: for a set made
	 * by {@link #of}, its index in the array.
	 */
	int indexOf(int slot) {
		if (slot < 0) {
			return -1;
		}
		int cell = cell(slot);
		return (this.keys[cell] == slot) ? this.places[cell] : -1;
	}

	/** How many slots it holds. */
	int size() {
		return this.size;
	}

	/** The slots, in the order added. */
	int[] slots() {
		int[] slots = new int[this.size];
		int n = 0;
		for (int i = 0; i < this.added; i++) {
			if (this.order[i] != ItemCatalogue.NONE) {
				slots[n++] = this.order[i];
			}
		}
		return slots;
	}

	private int cell(int slot) {
		int mask = this.keys.length - 1;
		int h = slot * 0x9E3779B9;
		int cell = (h ^ (h >>> 16)) & mask;
		while (this.keys[cell] != EMPTY && this.keys[cell] != slot) {
			cell = (cell + 1) & mask;
		}
		return cell;
	}

	private void grow() {
		int[] oldKeys = this.keys;
		int[] oldPlaces = this.places;
		this.keys = new int[oldKeys.length * 2];
		Arrays.fill(this.keys, EMPTY);
		this.places = new int[this.keys.length];
		for (int i = 0; i < oldKeys.length; i++) {
			if (oldKeys[i] != EMPTY) {
				int cell = cell(oldKeys[i]);
				this.keys[cell] = oldKeys[i];
				this.places[cell] = oldPlaces[i];
			}
		}
	}

}
