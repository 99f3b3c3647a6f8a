package dev.kairos.validation;

/** Checks of query parameters shared by the endpoints. */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * An integer parameter in {@code [min, max]}, {@code defaultValue} when absent. ASCII
	 * digits only ({@link Integer#parseInt} would also take other scripts' digits and a
	 * sign); anything else is an {@link InvalidInputException} naming the parameter.
	 */
	public static int integer(String name, String value, int defaultValue, int min, int max) {
		if (value == null) {
			return defaultValue;
		}
		try {
			int n = (!value.isEmpty() && value.chars().allMatch((c) -> c >= '0' && c <= '9')) ? Integer.parseInt(value)
					: min - 1;
			if (n >= min && n <= max) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// too many digits: reported below
		}
		throw new InvalidInputException(name, "must be an integer from " + min + " to " + max);
	}

}
