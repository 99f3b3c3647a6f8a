package dev.kairos.items;

import java.util.List;
import java.util.Optional;

/**
 * The item catalogue, kept in the feature store so the request path reads it with the
 * features.
 */
public interface ItemCatalog {

	/**
	 * Creates or replaces an item's metadata (its features are kept).
	 * @param item the item; a {@code null}-free record
	 * @param createdAtGiven whether the client gave {@code createdAt}; if not, an
	 * existing item keeps its own
	 * @return {@code true} if the item was created, {@code false} if it existed
	 */
	boolean upsert(Item item, boolean createdAtGiven);

	/**
	 * Retires an item: it is never recommended again (until it is put back with
	 * {@code active: true}).
	 * @return {@code false} if there is no such item
	 */
	boolean retire(String itemId);

	Optional<Item> find(String itemId);

	/**
	 * A page of the catalogue (retired items included, with {@code active} false), in
	 * item id order.
	 * @param category only this category's items, or {@code null} for all
	 * @param after the last item id of the previous page, or {@code null} for the first
	 * page; items created or removed meanwhile never make an item that stayed appear
	 * twice or be skipped
	 * @param limit most items returned
	 */
	Page page(String category, String after, int limit);

	/**
	 * A page of items, and whether more follow.
	 *
	 * @param items the items, in id order
	 * @param more whether items follow the last one
	 */
	record Page(List<Item> items, boolean more) {
	}

}
