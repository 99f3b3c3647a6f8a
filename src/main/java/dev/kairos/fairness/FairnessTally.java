package dev.kairos.fairness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The worker's step of the exposure audit: each showing the join reports (an item served,
 * or withdrawn because the client said it was not seen, or an impression of the client's
 * own slate) and each first positive feedback on a shown item becomes a count per
 * dimension: the item's category, new or established, the configured item attribute's
 * value and the configured user attribute's value (from the user's latest event context).
 * Counted once per record of the join's output ({@link FairnessStore#add}).
 *
 * <p>
 * Fields: {@code s|DIMENSION|GROUP} showings, {@code c|DIMENSION|GROUP} clicked showings;
 * the dimensions are {@code category}, {@code age}, {@code item.ATTRIBUTE} and
 * {@code user.ATTRIBUTE}.
 */
public class FairnessTally {

	/** The group of the values past a dimension's {@code maxGroups}. */
	public static final String OTHER = "(other)";

	/** A record of the join's output as the audit reads it. */
	public record Logged(int partition, long offset, String userId, String itemId, long atMillis, int showings,
			boolean clicked) {
	}

	private final FairnessStore store;

	private final FairnessSettings settings;

	public FairnessTally(FairnessStore store, FairnessSettings settings) {
		this.store = store;
		this.settings = settings;
	}

	/** Counts a batch (records of any partitions, each partition's in offset order). */
	public void add(List<Logged> batch) {
		if (batch.isEmpty()) {
			return;
		}
		Set<String> ids = new LinkedHashSet<>();
		batch.forEach((l) -> ids.add(l.itemId()));
		Map<String, FairnessStore.ItemFacts> facts = this.store.items(ids);
		String userAttribute = this.settings.userAttribute();
		boolean byUser = userAttribute != null && !userAttribute.isEmpty();
		Map<String, Map<String, String>> contexts = Map.of();
		if (byUser) {
			Set<String> users = new LinkedHashSet<>();
			batch.forEach((l) -> users.add(l.userId()));
			contexts = this.store.userContexts(users);
		}
		Map<String, Double> known = this.store.counts();
		Map<Integer, List<FairnessStore.Count>> byPartition = new TreeMap<>();
		for (Logged l : batch) {
			FairnessStore.ItemFacts item = facts.get(l.itemId());
			List<FairnessStore.Count> counts = byPartition.computeIfAbsent(l.partition(), (p) -> new ArrayList<>());
			if (item == null || item.category() == null) {
				counts.add(new FairnessStore.Count(l.offset(), "", 0)); // only the offset
																		// moves
				continue;
			}
			boolean isNew = item.createdAtMillis() != Long.MIN_VALUE && item.createdAtMillis() <= l.atMillis()
					&& l.atMillis() - item.createdAtMillis() < this.settings.newItemAgeMillis();
			List<String> groups = new ArrayList<>(3);
			groups.add(group(known, "category", item.category()));
			groups.add("age|" + (isNew ? "new" : "established"));
			String attribute = this.settings.itemAttribute();
			if (attribute != null && !attribute.isEmpty()) {
				String value = item.attributes().get(attribute);
				groups.add(group(known, "item." + attribute, (value != null) ? value : "(none)"));
			}
			if (byUser) {
				String value = contexts.getOrDefault(l.userId(), Map.of()).get(userAttribute);
				groups.add(group(known, "user." + userAttribute, (value != null) ? value : "(none)"));
			}
			for (String g : groups) {
				if (l.showings() != 0) {
					counts.add(new FairnessStore.Count(l.offset(), "s|" + g, l.showings()));
				}
				if (l.clicked()) {
					counts.add(new FairnessStore.Count(l.offset(), "c|" + g, 1));
				}
			}
		}
		byPartition.forEach(this.store::add);
	}

	/**
	 * The group a value counts in: itself if the dimension already keeps it apart or has
	 * room for it, else {@link #OTHER}.
	 */
	private String group(Map<String, Double> known, String dimension, String value) {
		String field = dimension + "|" + value;
		if (known.containsKey("s|" + field)) {
			return field;
		}
		long groups = known.keySet().stream().filter((k) -> k.startsWith("s|" + dimension + "|")).count();
		if (groups < this.settings.maxGroups()) {
			known.put("s|" + field, 0.0);
			return field;
		}
		return dimension + "|" + OTHER;
	}

}
