package dev.kairos.items;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.validation.Ids;
import dev.kairos.validation.InvalidInputException;
import dev.kairos.validation.JsonFields;
import dev.kairos.validation.Violation;
import tools.jackson.databind.JsonNode;

/**
 * Turns {@code PUT /items/{id}} and {@code POST /items} bodies into items, or refuses
 * them whole.
 */
public class ItemParser {

	static final int MAX_TAGS = 32;

	static final int MAX_ATTRIBUTES = 32;

	static final int MAX_STRING = 256;

	private final int maxBatch;

	private final Clock clock;

	public ItemParser(int maxBatch, Clock clock) {
		this.maxBatch = maxBatch;
		this.clock = clock;
	}

	/** An item and whether its {@code createdAt} was given. */
	public record Parsed(Item item, boolean createdAtGiven) {
	}

	/** One item whose id comes from the path. */
	public Parsed parseOne(String pathItemId, JsonNode body) {
		List<Violation> violations = new ArrayList<>();
		String problem = Ids.problem(pathItemId);
		if (problem != null) {
			violations.add(Violation.of("itemId", problem));
		}
		Parsed parsed = parse(body, pathItemId, violations);
		if (!violations.isEmpty()) {
			throw new InvalidInputException(violations);
		}
		return parsed;
	}

	/** An array of items, each with its {@code itemId}. */
	public List<Parsed> parseBatch(JsonNode body) {
		if (!body.isArray()) {
			throw new InvalidInputException(null, "the body must be a JSON array of items");
		}
		if (body.size() > this.maxBatch) {
			throw new InvalidInputException(null, "a batch may hold at most " + this.maxBatch + " items");
		}
		if (body.isEmpty()) {
			throw new InvalidInputException(null, "a batch must hold at least one item");
		}
		List<Violation> violations = new ArrayList<>();
		List<Parsed> items = new ArrayList<>();
		for (int i = 0; i < body.size(); i++) {
			List<Violation> own = new ArrayList<>();
			JsonNode node = body.get(i);
			String itemId = node.isObject() ? new JsonFields(node, own).id("itemId", true) : null;
			Parsed parsed = parse(node, itemId, own);
			for (Violation violation : own) {
				violations.add(violation.at(i));
			}
			if (own.isEmpty()) {
				items.add(parsed);
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidInputException(violations);
		}
		return items;
	}

	private Parsed parse(JsonNode node, String itemId, List<Violation> violations) {
		if (node == null || !node.isObject()) {
			violations.add(Violation.of(null, "an item must be a JSON object"));
			return null;
		}
		int before = violations.size();
		JsonFields fields = new JsonFields(node, violations);
		String category = fields.label("category", true);
		List<String> tags = tags(fields);
		Map<String, Object> attributes = attributes(fields);
		Instant createdAt = fields.timestamp("createdAt");
		Boolean active = fields.bool("active", true);
		if (violations.size() > before || itemId == null) {
			return null;
		}
		boolean given = createdAt != null;
		return new Parsed(
				new Item(itemId, category, tags, attributes, given ? createdAt : this.clock.instant(), active), given);
	}

	private static List<String> tags(JsonFields fields) {
		JsonNode value = fields.raw("tags");
		List<String> tags = new ArrayList<>();
		if (value == null || value.isNull()) {
			return tags;
		}
		if (!value.isArray() || value.size() > MAX_TAGS) {
			fields.reject("tags", "must be an array of at most " + MAX_TAGS + " strings");
			return tags;
		}
		for (JsonNode tag : value) {
			if (!tag.isString() || tag.asString().isEmpty() || tag.asString().length() > MAX_STRING) {
				fields.reject("tags", "must hold non-empty strings of at most " + MAX_STRING + " characters");
				return tags;
			}
			tags.add(tag.asString());
		}
		return tags;
	}

	private static Map<String, Object> attributes(JsonFields fields) {
		JsonNode value = fields.raw("attributes");
		Map<String, Object> attributes = new LinkedHashMap<>();
		if (value == null || value.isNull()) {
			return attributes;
		}
		if (!value.isObject() || value.size() > MAX_ATTRIBUTES) {
			fields.reject("attributes", "must be an object of at most " + MAX_ATTRIBUTES + " entries");
			return attributes;
		}
		for (Map.Entry<String, JsonNode> entry : value.properties()) {
			String key = entry.getKey();
			JsonNode v = entry.getValue();
			if (key.isEmpty() || key.length() > 64) {
				fields.reject("attributes", "keys must be 1-64 characters");
			}
			else if (v.isNumber() && Double.isFinite(JsonFields.toDouble(v))) {
				attributes.put(key, JsonFields.toDouble(v));
			}
			else if (v.isString() && v.asString().length() <= MAX_STRING) {
				attributes.put(key, v.asString());
			}
			else {
				fields.reject("attributes." + key,
						"must be a finite number or a string of at most " + MAX_STRING + " characters");
			}
		}
		return attributes;
	}

}
