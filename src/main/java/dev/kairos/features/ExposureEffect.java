package dev.kairos.features;

import dev.kairos.core.ranking.Exposure;

/**
 * What one showing of an item does to the exposures the features count: the item's (the
 * denominator of its rate), the user's for the item's category in the block of hours (the
 * Interest Clock's lift) and the population's (the base rate's). Counted at serve time
 * from the join's output, taken back when the client said the item was not seen; applied
 * at most once per place in that log.
 *
 * @param userId the user it was shown to
 * @param itemId the item
 * @param timestampMillis when it was shown (the slate's request time)
 * @param partition the partition of the join's output it was read from
 * @param offset its offset there: an effect at or below the last applied offset of its
 * partition was applied already
 * @param sign +1 to count it, −1 to take it back
 * @param exposure what it adds
 * @param credit 0 for a showing; else a reward on the shown item, which counts nothing
 * but the population's sums the co-occurrence lift is learned from
 * ({@link dev.kairos.core.ranking.AffinityLift}), with the affinity {@code exposure}
 * carries
 */
public record ExposureEffect(String userId, String itemId, long timestampMillis, int partition, long offset, int sign,
		Exposure exposure, double credit) {

	/** A showing. */
	public ExposureEffect(String userId, String itemId, long timestampMillis, int partition, long offset, int sign,
			Exposure exposure) {
		this(userId, itemId, timestampMillis, partition, offset, sign, exposure, 0);
	}

	/** Whether it is a reward on a shown item, not a showing. */
	public boolean isCredit() {
		return this.credit != 0;
	}

	public ExposureEffect {
		if (sign != 1 && sign != -1) {
			throw new IllegalArgumentException("sign must be +1 or -1: " + sign);
		}
	}

}
