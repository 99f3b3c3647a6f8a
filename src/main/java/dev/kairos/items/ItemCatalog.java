package dev.kairos.items;

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

}
