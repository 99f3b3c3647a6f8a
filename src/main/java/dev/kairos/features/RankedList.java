package dev.kairos.features;

/**
 * A list of items the store keeps ranked: the most popular, trending or newest, over the
 * whole catalogue or one category.
 *
 * @param kind which ranking
 * @param category a category, or {@code null} for the whole catalogue
 */
public record RankedList(Kind kind, String category) {

	/** Which ranking. */
	public enum Kind {

		/** Decayed popularity (long half-life). */
		POPULAR,
		/** Decayed popularity with a short half-life. */
		TRENDING,
		/** Newest by creation time. */
		NEW

	}

	public static RankedList global(Kind kind) {
		return new RankedList(kind, null);
	}

}
