package dev.kairos.core.ranking;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the catalogue says of an item beyond its category: the content features of the
 * feature schema ({@link FeatureVector}). Immutable.
 *
 * <p>
 * It also keeps, made on first use, its content features hashed into the schema's buckets
 * ({@link HashedContent}): they depend on the item alone, so an item's tags and
 * attributes are named and hashed once per catalogue snapshot rather than once per
 * request it is a candidate of.
 */
public final class ItemDescription {

	/** An item with no tags and no attributes. */
	public static final ItemDescription EMPTY = new ItemDescription(List.of(), Map.of(), Map.of());

	private final List<String> tags;

	private final Map<String, Double> numbers;

	private final Map<String, String> strings;

	/**
	 * Made on first use; a race makes it twice, equal, and publishes either safely (an
	 * immutable object of final fields).
	 */
	private HashedContent hashed;

	/**
	 * @param tags its tags, as the client gave them
	 * @param numbers its numeric attributes, by name (finite values)
	 * @param strings its string attributes, by name
	 */
	public ItemDescription(List<String> tags, Map<String, Double> numbers, Map<String, String> strings) {
		this.tags = List.copyOf(tags);
		this.numbers = Map.copyOf(numbers);
		this.strings = Map.copyOf(strings);
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

	/** Its tags, as the client gave them. */
	public List<String> tags() {
		return this.tags;
	}

	/** Its numeric attributes, by name (finite values). */
	public Map<String, Double> numbers() {
		return this.numbers;
	}

	/** Its string attributes, by name. */
	public Map<String, String> strings() {
		return this.strings;
	}

	/** Whether it holds nothing. */
	public boolean isEmpty() {
		return this.tags.isEmpty() && this.numbers.isEmpty() && this.strings.isEmpty();
	}

	/** Its content features hashed into the schema's buckets, made once. */
	HashedContent hashed() {
		HashedContent h = this.hashed;
		if (h == null) {
			h = HashedContent.of(this);
			this.hashed = h;
		}
		return h;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof ItemDescription d) && this.tags.equals(d.tags) && this.numbers.equals(d.numbers)
				&& this.strings.equals(d.strings);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.tags, this.numbers, this.strings);
	}

	@Override
	public String toString() {
		return "ItemDescription[tags=" + this.tags + ", numbers=" + this.numbers + ", strings=" + this.strings + "]";
	}

}
