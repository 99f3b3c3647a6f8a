package dev.kairos.validation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;

/**
 * Reads typed fields out of a JSON object and records a {@link Violation} for each one
 * that is missing or of the wrong shape, so that a request gets every error at once.
 */
public final class JsonFields {

	private final JsonNode node;

	private final List<Violation> violations;

	public JsonFields(JsonNode node, List<Violation> violations) {
		this.node = node;
		this.violations = violations;
	}

	public boolean has(String field) {
		JsonNode value = this.node.get(field);
		return value != null && !value.isNull();
	}

	public JsonNode raw(String field) {
		return this.node.get(field);
	}

	/** A required (or optional) id field; {@code null} when absent or invalid. */
	public String id(String field, boolean required) {
		return string(field, required, Ids::problem);
	}

	/**
	 * A required (or optional) free-text label field, such as a category
	 * ({@link Labels}); {@code null} when absent or invalid.
	 */
	public String label(String field, boolean required) {
		return string(field, required, Labels::problem);
	}

	/** A string field checked by {@code problem} (null when valid). */
	private String string(String field, boolean required, UnaryOperator<String> problem) {
		JsonNode value = this.node.get(field);
		if (value == null || value.isNull()) {
			if (required) {
				reject(field, "is required");
			}
			return null;
		}
		if (!value.isString()) {
			reject(field, "must be a string");
			return null;
		}
		String why = problem.apply(value.asString());
		if (why != null) {
			reject(field, why);
			return null;
		}
		return value.asString();
	}

	/**
	 * An optional ISO-8601 timestamp with an offset; {@code null} when absent or invalid.
	 */
	public Instant timestamp(String field) {
		JsonNode value = this.node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			reject(field, "must be an ISO-8601 timestamp string with an offset, such as 2026-01-31T09:00:00Z");
			return null;
		}
		Instant parsed = parseTimestamp(value.asString());
		if (parsed == null) {
			reject(field, "must be an ISO-8601 timestamp with an offset, such as 2026-01-31T09:00:00Z");
		}
		return parsed;
	}

	/** An optional finite number; {@code null} when absent or invalid. */
	public Double number(String field) {
		JsonNode value = this.node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber()) {
			reject(field, "must be a number");
			return null;
		}
		double d = toDouble(value);
		if (!Double.isFinite(d)) {
			reject(field, "must be a finite number");
			return null;
		}
		return d;
	}

	/** An optional boolean; the default when absent, {@code null} when invalid. */
	public Boolean bool(String field, boolean defaultValue) {
		JsonNode value = this.node.get(field);
		if (value == null || value.isNull()) {
			return defaultValue;
		}
		if (!value.isBoolean()) {
			reject(field, "must be true or false");
			return null;
		}
		return value.asBoolean();
	}

	/**
	 * A JSON number as a double: infinite when out of range (a 400-digit integer), where
	 * Jackson's {@code asDouble()} would throw.
	 */
	public static double toDouble(JsonNode number) {
		Number n = number.numberValue();
		return (n != null) ? n.doubleValue() : Double.NaN;
	}

	public void reject(String field, String message) {
		this.violations.add(Violation.of(field, message));
	}

	/**
	 * Parses an ISO-8601 timestamp with an offset or {@code Z}; {@code null} if it is not
	 * one.
	 */
	public static Instant parseTimestamp(String text) {
		if (text == null || text.length() > 64) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

}
