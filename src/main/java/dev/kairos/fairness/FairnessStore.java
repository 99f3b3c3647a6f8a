package dev.kairos.fairness;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the exposure audit's counts are kept, shared by every instance, and what it needs
 * to know of the items.
 */
public interface FairnessStore {

	/**
	 * One count: {@code field} grows by {@code increment} for the record at
	 * {@code offset}.
	 */
	record Count(long offset, String field, double increment) {
	}

	/**
	 * Adds a batch's counts of one partition of the join's output, in offset order; a
	 * count at or below the partition's last applied offset was added before and is
	 * skipped, so a redelivered batch adds nothing.
	 */
	void add(int partition, List<Count> counts);

	/** Every count by field. */
	Map<String, Double> counts();

	/**
	 * What the audit groups an item by.
	 *
	 * @param category its category, or {@code null} if the item is unknown
	 * @param createdAtMillis when it entered the catalogue, or {@link Long#MIN_VALUE}
	 * @param attributes its attributes as text (numbers as written)
	 */
	record ItemFacts(String category, long createdAtMillis, Map<String, String> attributes) {
	}

	/** The facts of several items, in one round trip; unknown ids are left out. */
	Map<String, ItemFacts> items(Collection<String> itemIds);

	/**
	 * The latest event context of several users (what their events last said: device,
	 * segment, ...), in one round trip; users without one are left out.
	 */
	Map<String, Map<String, String>> userContexts(Collection<String> userIds);

}
