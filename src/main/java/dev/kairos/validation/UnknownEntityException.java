package dev.kairos.validation;

/** A user or item the store knows nothing of. */
public class UnknownEntityException extends RuntimeException {

	private final String kind;

	public UnknownEntityException(String kind, String id) {
		super("no " + kind + " with id '" + id + "'");
		this.kind = kind;
	}

	/** {@code user} or {@code item}. */
	public String kind() {
		return this.kind;
	}

}
