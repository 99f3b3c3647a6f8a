package dev.kairos.core.ranking;

import java.util.List;

/**
 * An item's strongest partners by decayed co-occurrence
 * ({@link dev.kairos.core.similarity.ItemCoOccurrence}), strongest first, with their
 * co-occurrence log-sums (forward-decayed with the popularity's half-life).
 *
 * @param partners the partners, strongest first
 * @param logSums each partner's co-occurrence log-sum, in the same order
 */
public record CoOccurrences(List<String> partners, double[] logSums) {

	/** An item never seen with another. */
	public static final CoOccurrences EMPTY = new CoOccurrences(List.of(), new double[0]);

	public CoOccurrences {
		partners = List.copyOf(partners);
		if (logSums.length != partners.size()) {
			throw new IllegalArgumentException(
					"one log-sum per partner: " + partners.size() + " partners, " + logSums.length + " log-sums");
		}
	}

}
