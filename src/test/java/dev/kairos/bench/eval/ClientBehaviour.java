package dev.kairos.bench.eval;

/** What the simulated client posts back after each slate. */
public enum ClientBehaviour {

	/** An impression for every shown item, and a click for each clicked one. */
	IMPRESSIONS("impressions"),
	/** Only clicks. */
	CLICKS_ONLY("clicks-only");

	private final String label;

	ClientBehaviour(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

	public static ClientBehaviour of(String label) {
		for (ClientBehaviour c : values()) {
			if (c.label.equals(label)) {
				return c;
			}
		}
		throw new IllegalArgumentException("no client behaviour " + label + " (impressions, clicks-only)");
	}

}
