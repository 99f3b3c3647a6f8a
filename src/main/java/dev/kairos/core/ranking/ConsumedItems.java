package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The items a user consumed, as the store keeps them: the items they clicked or bought,
 * most recent first, and the items they skipped (an item may be in both). None of them is
 * recommended to the user; with the repeat rule ({@link RepeatConsumption}), the clicked
 * or bought ones that were not skipped may take repeat places.
 *
 * <p>
 * A view over the lists it is given, not a copy: a request walks them to remove the items
 * from its candidates, and only what asks more pays for it: the items that may be
 * repeated ({@link #repeatable()}, the clicked or bought ones less the skipped ones) are
 * filtered when asked, and a set for {@link #contains} is built on the first look-up. The
 * lists must not change while it is in use.
 */
public final class ConsumedItems {

	/** A user who consumed nothing. */
	public static final ConsumedItems NONE = new ConsumedItems(List.of(), List.of(), List.of());

	private final List<String> recentFirst;

	private final Collection<String> skipped;

	private final Collection<String> others;

	/** The items as a set, built on the first {@link #contains}. */
	private volatile Set<String> set;

	private ConsumedItems(List<String> recentFirst, Collection<String> skipped, Collection<String> others) {
		this.recentFirst = recentFirst;
		this.skipped = skipped;
		this.others = others;
	}

	/**
	 * The items a user clicked or bought, most recent first, and those they skipped, as
	 * the store read them (wrapped, not copied).
	 */
	public static ConsumedItems of(List<String> clickedRecentFirst, Collection<String> skipped) {
		return new ConsumedItems(Collections.unmodifiableList(clickedRecentFirst),
				Collections.unmodifiableCollection(skipped), List.of());
	}

	/**
	 * Consumed items none of which may be repeated (the repeat rule's items are
	 * {@link #of(List, Collection)}'s).
	 */
	public static ConsumedItems of(Collection<String> items) {
		return new ConsumedItems(List.of(), List.of(), Collections.unmodifiableCollection(items));
	}

	/**
	 * These items and some more that are not to be recommended either and not repeated
	 * (such as those of events accepted that the store may not hold yet).
	 */
	public ConsumedItems with(Collection<String> more) {
		if (more.isEmpty()) {
			return this;
		}
		if (this.others.isEmpty()) {
			return new ConsumedItems(this.recentFirst, this.skipped, Collections.unmodifiableCollection(more));
		}
		List<String> others = new ArrayList<>(this.others.size() + more.size());
		others.addAll(this.others);
		others.addAll(more);
		return new ConsumedItems(this.recentFirst, this.skipped, others);
	}

	/**
	 * Gives each item not to recommend to the consumer, with no copy: the clicked or
	 * bought ones, the skipped ones and the others, in that order (an item may come more
	 * than once).
	 */
	public void forEach(Consumer<String> action) {
		this.recentFirst.forEach(action);
		this.skipped.forEach(action);
		this.others.forEach(action);
	}

	/** Whether the user consumed the item (a set is built on the first call). */
	public boolean contains(String itemId) {
		Set<String> items = this.set;
		if (items == null) {
			items = new HashSet<>();
			forEach(items::add);
			this.set = items;
		}
		return items.contains(itemId);
	}

	/** Whether there is no item. */
	public boolean isEmpty() {
		return this.recentFirst.isEmpty() && this.skipped.isEmpty() && this.others.isEmpty();
	}

	/**
	 * The items the user clicked or bought and did not skip, most recent first: what
	 * repeat places are given to ({@link RepeatConsumption}). Filtered on each call (the
	 * list itself when nothing was skipped).
	 */
	public List<String> repeatable() {
		if (this.skipped.isEmpty() || this.recentFirst.isEmpty()) {
			return this.recentFirst;
		}
		Set<String> skipped = new HashSet<>(this.skipped);
		List<String> kept = new ArrayList<>(this.recentFirst.size());
		for (String id : this.recentFirst) {
			if (!skipped.contains(id)) {
				kept.add(id);
			}
		}
		return List.copyOf(kept);
	}

	/** Every item, as a new set. */
	public Set<String> toSet() {
		Set<String> items = new HashSet<>();
		forEach(items::add);
		return items;
	}

}
