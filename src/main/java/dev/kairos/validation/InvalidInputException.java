package dev.kairos.validation;

import java.util.List;

/**
 * A request that breaks the contract; nothing of it was applied. Carries every violation.
 */
public class InvalidInputException extends RuntimeException {

	private final List<Violation> violations;

	public InvalidInputException(List<Violation> violations) {
		super(violations.size() + " invalid field(s): " + violations.get(0).message());
		this.violations = List.copyOf(violations);
	}

	public InvalidInputException(String field, String message) {
		this(List.of(Violation.of(field, message)));
	}

	public List<Violation> violations() {
		return this.violations;
	}

}
