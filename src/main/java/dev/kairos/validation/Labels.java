package dev.kairos.validation;

/**
 * The shape of free-text names, such as categories ({@code Children's},
 * {@code Sci-Fi & Fantasy}, {@code Électronique}): 1–{@value #MAX_LENGTH} printable
 * Unicode characters (code points), no control, unassigned or lone surrogate characters,
 * no line breaks, and no whitespace at either end (so that {@code "Drama"} and
 * {@code "Drama "} cannot become two categories). Unlike ids, labels are text, compared
 * exactly as given.
 */
public final class Labels {

	/** The longest label, in characters (code points). */
	public static final int MAX_LENGTH = 128;

	private Labels() {
	}

	/**
	 * The label, if valid; otherwise an {@link InvalidInputException} naming the
	 * parameter.
	 */
	public static String require(String parameter, String label) {
		String problem = problem(label);
		if (problem != null) {
			throw new InvalidInputException(parameter, problem);
		}
		return label;
	}

	/** Why a label is invalid, or {@code null} if it is valid. */
	public static String problem(String label) {
		if (label == null || label.isEmpty()) {
			return "must be a non-empty string";
		}
		if (label.codePointCount(0, label.length()) > MAX_LENGTH) {
			return "must be at most " + MAX_LENGTH + " characters";
		}
		if (Character.isWhitespace(label.codePointAt(0)) || Character.isSpaceChar(label.codePointAt(0))
				|| Character.isWhitespace(label.codePointBefore(label.length()))
				|| Character.isSpaceChar(label.codePointBefore(label.length()))) {
			return "must not start or end with whitespace";
		}
		for (int i = 0; i < label.length();) {
			int c = label.codePointAt(i);
			int type = Character.getType(c);
			if (type == Character.CONTROL || type == Character.UNASSIGNED || type == Character.SURROGATE
					|| type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
					|| type == Character.PRIVATE_USE) {
				return "may contain only printable characters (no control characters or line breaks)";
			}
			i += Character.charCount(c);
		}
		return null;
	}

}
