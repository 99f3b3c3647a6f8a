package dev.kairos.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kairos.validation.InvalidInputException;
import dev.kairos.validation.JsonFields;
import dev.kairos.validation.Violation;
import tools.jackson.databind.JsonNode;

/**
 * Turns the body of {@code POST /events} (one event object, or an array of them) into
 * events, or refuses it whole with every violation listed (with its index in a batch).
 */
public class EventParser {

	static final int MAX_CONTEXT_ENTRIES = 16;

	static final int MAX_CONTEXT_VALUE_LENGTH = 128;

	private final int maxBatch;

	private final Duration maxFutureSkew;

	private final Clock clock;

	public EventParser(int maxBatch, Duration maxFutureSkew, Clock clock) {
		this.maxBatch = maxBatch;
		this.maxFutureSkew = maxFutureSkew;
		this.clock = clock;
	}

	/**
	 * @param body the parsed JSON body
	 * @return the accepted events, in order
	 * @throws BatchTooLargeException if an array has more than the allowed events
	 * @throws InvalidInputException with every violation, if any event is invalid
	 */
	public List<InteractionEvent> parse(JsonNode body) {
		Instant now = this.clock.instant();
		List<Violation> violations = new ArrayList<>();
		List<InteractionEvent> events = new ArrayList<>();
		if (body.isArray()) {
			if (body.size() > this.maxBatch) {
				throw new BatchTooLargeException(body.size(), this.maxBatch);
			}
			if (body.isEmpty()) {
				throw new InvalidInputException(null, "a batch must hold at least one event");
			}
			for (int i = 0; i < body.size(); i++) {
				List<Violation> own = new ArrayList<>();
				InteractionEvent event = parseOne(body.get(i), now, own);
				for (Violation violation : own) {
					violations.add(violation.at(i));
				}
				if (event != null) {
					events.add(event);
				}
			}
		}
		else {
			InteractionEvent event = parseOne(body, now, violations);
			if (event != null) {
				events.add(event);
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidInputException(violations);
		}
		return events;
	}

	private InteractionEvent parseOne(JsonNode node, Instant now, List<Violation> violations) {
		if (node == null || !node.isObject()) {
			violations.add(Violation.of(null, "an event must be a JSON object"));
			return null;
		}
		int before = violations.size();
		JsonFields fields = new JsonFields(node, violations);
		String eventId = fields.id("eventId", false);
		String userId = fields.id("userId", true);
		String itemId = fields.id("itemId", true);
		EventType type = type(fields);
		Instant timestamp = fields.timestamp("timestamp");
		if (timestamp != null && timestamp.isAfter(now.plus(this.maxFutureSkew))) {
			fields.reject("timestamp", "must not be more than " + this.maxFutureSkew.toHours() + " h in the future");
		}
		String recommendationId = fields.id("recommendationId", false);
		Double value = fields.number("value");
		Map<String, String> context = context(fields);
		if (violations.size() > before) {
			return null;
		}
		boolean clientId = eventId != null;
		return new InteractionEvent(clientId ? eventId : UUID.randomUUID().toString(), clientId, userId, itemId, type,
				(timestamp != null) ? timestamp : now, now, recommendationId, value, context);
	}

	private static EventType type(JsonFields fields) {
		JsonNode value = fields.raw("type");
		if (value == null || value.isNull()) {
			fields.reject("type", "is required");
			return null;
		}
		EventType type = value.isString() ? EventType.fromWireName(value.asString()) : null;
		if (type == null) {
			fields.reject("type", "must be one of impression, view, click, purchase, skip");
		}
		return type;
	}

	private static Map<String, String> context(JsonFields fields) {
		JsonNode value = fields.raw("context");
		if (value == null || value.isNull()) {
			return Map.of();
		}
		if (!value.isObject()) {
			fields.reject("context", "must be a JSON object");
			return Map.of();
		}
		if (value.size() > MAX_CONTEXT_ENTRIES) {
			fields.reject("context", "must have at most " + MAX_CONTEXT_ENTRIES + " entries");
			return Map.of();
		}
		Map<String, String> context = new HashMap<>();
		for (Map.Entry<String, JsonNode> entry : value.properties()) {
			String key = entry.getKey();
			JsonNode v = entry.getValue();
			if (key.isEmpty() || key.length() > 64) {
				fields.reject("context", "keys must be 1-64 characters");
			}
			else if (!(v.isString() || v.isNumber() || v.isBoolean())) {
				fields.reject("context." + key, "must be a string, a number or a boolean");
			}
			else if (v.isNumber() && !Double.isFinite(JsonFields.toDouble(v))) {
				fields.reject("context." + key, "must be a finite number");
			}
			else if (v.asString().length() > MAX_CONTEXT_VALUE_LENGTH) {
				fields.reject("context." + key, "must be at most " + MAX_CONTEXT_VALUE_LENGTH + " characters");
			}
			else {
				context.put(key, v.asString());
			}
		}
		return context;
	}

}
