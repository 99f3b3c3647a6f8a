package dev.kairos.validation;

import java.util.regex.Pattern;

/**
 * The shape of user, item, event and recommendation ids: 1–128 characters of
 * {@code [A-Za-z0-9._:@-]}.
 */
public final class Ids {

	/** The longest id. */
	public static final int MAX_LENGTH = 128;

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_LENGTH + "}");

	private Ids() {
	}

	public static boolean isValid(String id) {
		return id != null && ID.matcher(id).matches();
	}

	/**
	 * The id, if valid; otherwise an {@link InvalidInputException} naming the parameter.
	 */
	public static String require(String parameter, String id) {
		String problem = problem(id);
		if (problem != null) {
			throw new InvalidInputException(parameter, problem);
		}
		return id;
	}

	/** Why an id is invalid, or {@code null} if it is valid. */
	public static String problem(String id) {
		if (id == null || id.isEmpty()) {
			return "must be a non-empty string";
		}
		if (id.length() > MAX_LENGTH) {
			return "must be at most " + MAX_LENGTH + " characters";
		}
		return isValid(id) ? null : "may contain only A-Z, a-z, 0-9 and . _ : @ -";
	}

}
