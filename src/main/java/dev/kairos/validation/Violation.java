package dev.kairos.validation;

/**
 * One reason a request was refused.
 *
 * @param index position of the offending element in a batch, or {@code null} outside
 * batches
 * @param field the field's name (a JSON pointer-like dotted path), or {@code null} for
 * the whole body
 * @param message what is wrong, for a person
 */
public record Violation(Integer index, String field, String message) {

	public static Violation of(String field, String message) {
		return new Violation(null, field, message);
	}

	public Violation at(int batchIndex) {
		return new Violation(batchIndex, this.field, this.message);
	}

}
