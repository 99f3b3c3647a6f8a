package dev.kairos.core.embedding;

import java.util.List;
import java.util.Objects;

/**
 * What the item tower reads of an item: its id and its content features, named as the
 * feature schema names them ({@code category=Books}, {@code tag=running},
 * {@code attr:brand=acme}; numeric attributes binned by the caller, e.g.
 * {@code attr:price~3}).
 *
 * @param itemId the item
 * @param features its content features, without duplicates
 */
public record ItemContent(String itemId, List<String> features) {

	public ItemContent {
		Objects.requireNonNull(itemId, "itemId");
		features = List.copyOf(features);
	}

}
