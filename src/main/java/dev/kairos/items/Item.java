package dev.kairos.items;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A catalogue item.
 *
 * @param itemId its id
 * @param category its category id (one per item)
 * @param tags free tags
 * @param attributes named attributes, each a {@link String} or a {@link Double}
 * @param createdAt when it entered the catalogue (new items get exploration)
 * @param active whether it may be recommended; retired items are not
 */
public record Item(String itemId, String category, List<String> tags, Map<String, Object> attributes, Instant createdAt,
		boolean active) {

	public Item {
		Objects.requireNonNull(itemId, "itemId");
		Objects.requireNonNull(category, "category");
		Objects.requireNonNull(createdAt, "createdAt");
		tags = List.copyOf(tags);
		attributes = Map.copyOf(attributes);
	}

}
