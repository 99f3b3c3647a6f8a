package dev.kairos.features;

import java.util.List;

/**
 * A list of items the store keeps ranked: the most popular, trending or newest, over the
 * whole catalogue or one category; or the items most often clicked by the same users as
 * one item.
 *
 * @param kind which ranking
 * @param scope for {@link Kind#CO_CLICKED} the item; otherwise a category, or
 * {@code null} for the whole catalogue
 */
public record RankedList(Kind kind, String scope) {

	/** The kinds kept over the whole catalogue and per category. */
	public static final List<Kind> CATALOGUE_KINDS = List.of(Kind.POPULAR, Kind.TRENDING, Kind.NEW, Kind.LEAST_SHOWN);

	public RankedList {
		if (kind == Kind.CO_CLICKED && scope == null) {
			throw new IllegalArgumentException("a co-clicked list belongs to an item");
		}
	}

	/** Which ranking. */
	public enum Kind {

		/** Decayed popularity (long half-life). */
		POPULAR,
		/** Decayed popularity with a short half-life. */
		TRENDING,
		/** Newest by creation time. */
		NEW,
		/**
		 * Least exposure first (what its showings were expected to bring, counted when
		 * served: {@code Exposure}): the items the service knows least about, whatever
		 * their age, for exploration (an item never shown is otherwise a candidate only
		 * while it is among the newest).
		 */
		LEAST_SHOWN,
		/**
		 * Items clicked or bought by users who clicked or bought the scope item before,
		 * by how many such pairs.
		 */
		CO_CLICKED

	}

	public static RankedList global(Kind kind) {
		return new RankedList(kind, null);
	}

	/** The items clicked together with an item. */
	public static RankedList coClicked(String itemId) {
		return new RankedList(Kind.CO_CLICKED, itemId);
	}

}
