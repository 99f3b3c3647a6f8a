package dev.kairos.core.ranking;

import java.util.List;
import java.util.Map;

/**
 * What the catalogue says of an item beyond its category: the content features of the
 * feature schema ({@link FeatureVector}).
 *
 * @param tags its tags, as the client gave them
 * @param numbers its numeric attributes, by name (finite values)
 * @param strings its string attributes, by name
 */
public record ItemDescription(List<String> tags, Map<String, Double> numbers, Map<String, String> strings) {

	/** An item with no tags and no attributes. */
	public static final ItemDescription EMPTY = new ItemDescription(List.of(), Map.of(), Map.of());

	public ItemDescription {
		tags = List.copyOf(tags);
		numbers = Map.copyOf(numbers);
		strings = Map.copyOf(strings);
	}

	/**
	 * From the catalogue's attributes, each a number or a string (anything else is read
	 * as its string form; non-finite numbers are left out).
	 */
	public static ItemDescription of(List<String> tags, Map<String, ?> attributes) {
		if (tags.isEmpty() && attributes.isEmpty()) {
			return EMPTY;
		}
		Map<String, Double> numbers = new java.util.HashMap<>();
		Map<String, String> strings = new java.util.HashMap<>();
		attributes.forEach((name, value) -> {
			if (value instanceof Number n) {
				double v = n.doubleValue();
				if (Double.isFinite(v)) {
					numbers.put(name, v);
				}
			}
			else if (value != null) {
				strings.put(name, value.toString());
			}
		});
		return new ItemDescription(tags, numbers, strings);
	}

	/** Whether it holds nothing. */
	public boolean isEmpty() {
		return this.tags.isEmpty() && this.numbers.isEmpty() && this.strings.isEmpty();
	}

}
