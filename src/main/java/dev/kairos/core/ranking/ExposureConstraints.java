package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Exposure constraints on a slate, for fairness between item groups: a minimum share of
 * the slate's places for a group (new items, a provider) and a maximum share for any one
 * value of an attribute (no provider takes more than a third of a slate).
 *
 * <p>
 * Applied to a ranking best first, greedily: walk down the ranking and take each item
 * unless it would push one of its attribute values past its maximum; then, for each
 * minimum in turn, while its group is short, put the best-ranked untaken item of the
 * group in place of the worst-ranked taken item that no other minimum needs, if the swap
 * keeps every maximum. The slate keeps the ranking's order. A constraint that the
 * candidates cannot meet is met as far as they allow, never by an empty place. This is
 * the greedy re-ranking of "fairness of exposure" (Singh, Joachims, KDD 2018) in its
 * simplest, per-slate form; the amortised form over many slates is not attempted.
 *
 * @param minimums groups with a minimum share
 * @param maximums attributes whose every value has a maximum share
 */
public record ExposureConstraints(List<Minimum> minimums, List<Maximum> maximums) {

	/** No constraint. */
	public static final ExposureConstraints NONE = new ExposureConstraints(List.of(), List.of());

	/** The group of the new items. */
	public static final String NEW_ITEMS = "new";

	public ExposureConstraints {
		minimums = List.copyOf(minimums);
		maximums = List.copyOf(maximums);
	}

	/**
	 * At least {@code share} of a slate's places go to the group's items, when there are
	 * enough of them: {@code ceil(share · k)} places.
	 *
	 * @param group the group's name, as {@link Item#groups()} names it (e.g. {@code new},
	 * {@code provider=acme})
	 * @param share in (0, 1]
	 */
	public record Minimum(String group, double share) {

		public Minimum {
			Objects.requireNonNull(group, "group");
			if (!(share > 0 && share <= 1)) {
				throw new IllegalArgumentException("share must be in (0, 1]: " + share);
			}
		}

	}

	/**
	 * At most {@code share} of a slate's places for each value of the attribute:
	 * {@code max(1, floor(share · k))} places.
	 *
	 * @param attribute the attribute's name (e.g. {@code provider})
	 * @param share in (0, 1]
	 */
	public record Maximum(String attribute, double share) {

		public Maximum {
			Objects.requireNonNull(attribute, "attribute");
			if (!(share > 0 && share <= 1)) {
				throw new IllegalArgumentException("share must be in (0, 1]: " + share);
			}
		}

	}

	/**
	 * What the constraints read of an item.
	 *
	 * @param groups the groups it belongs to
	 * @param attributes its attributes' values
	 */
	public record Item(List<String> groups, Map<String, String> attributes) {

		public Item {
			groups = List.copyOf(groups);
			attributes = Map.copyOf(attributes);
		}

	}

	/** Whether there is any constraint. */
	public boolean isEmpty() {
		return this.minimums.isEmpty() && this.maximums.isEmpty();
	}

	/**
	 * The slate of {@code k} from a ranking.
	 * @param ranked the candidates, best first
	 * @param k the slate size
	 * @param describe what the constraints read of a candidate
	 * @return at most {@code k} candidates, in the ranking's order
	 */
	public <T> List<T> apply(List<T> ranked, int k, Function<T, Item> describe) {
		int n = ranked.size();
		Item[] items = new Item[n];
		for (int i = 0; i < n; i++) {
			items[i] = describe.apply(ranked.get(i));
		}
		boolean[] taken = new boolean[n];
		Map<String, Integer> used = new HashMap<>();
		int size = 0;
		for (int i = 0; i < n && size < k; i++) {
			if (fits(items[i], used, k, null)) {
				taken[i] = true;
				size++;
				count(items[i], used, 1);
			}
		}
		for (int m = 0; m < this.minimums.size(); m++) {
			Minimum minimum = this.minimums.get(m);
			int needed = (int) Math.ceil(minimum.share() * k - 1e-9);
			int have = 0;
			for (int i = 0; i < n; i++) {
				if (taken[i] && items[i].groups().contains(minimum.group())) {
					have++;
				}
			}
			for (int in = 0; in < n && have < needed; in++) {
				if (taken[in] || !items[in].groups().contains(minimum.group())) {
					continue;
				}
				if (size < k && fits(items[in], used, k, null)) {
					taken[in] = true;
					size++;
					count(items[in], used, 1);
					have++;
					continue;
				}
				// the worst-ranked taken item that no minimum so far needs
				for (int out = n - 1; out >= 0; out--) {
					if (!taken[out] || neededByMinimums(items[out], m, items, taken, k)) {
						continue;
					}
					if (fits(items[in], used, k, items[out])) {
						taken[out] = false;
						count(items[out], used, -1);
						taken[in] = true;
						count(items[in], used, 1);
						have++;
						break;
					}
				}
			}
		}
		List<T> slate = new ArrayList<>(Math.min(k, n));
		for (int i = 0; i < n; i++) {
			if (taken[i]) {
				slate.add(ranked.get(i));
			}
		}
		return slate;
	}

	/**
	 * Whether {@code replacement} may take place {@code place} of a slate without
	 * breaking a constraint the slate meets: no minimum's group falls below its minimum
	 * (or below what the slate has, if that is less), no attribute value rises above its
	 * maximum (or above what the slate has, if that is more).
	 * @param slate what the constraints read of the slate's items
	 * @param place the place replaced
	 * @param replacement what they read of the item taking it
	 * @param k the slate size the shares are of
	 */
	public boolean keeps(List<Item> slate, int place, Item replacement, int k) {
		Item leaving = slate.get(place);
		for (Minimum minimum : this.minimums) {
			int needed = (int) Math.ceil(minimum.share() * k - 1e-9);
			int have = 0;
			for (Item item : slate) {
				if (item.groups().contains(minimum.group())) {
					have++;
				}
			}
			int after = have - (leaving.groups().contains(minimum.group()) ? 1 : 0)
					+ (replacement.groups().contains(minimum.group()) ? 1 : 0);
			if (after < Math.min(needed, have)) {
				return false;
			}
		}
		for (Maximum maximum : this.maximums) {
			String value = replacement.attributes().get(maximum.attribute());
			if (value == null || value.equals(leaving.attributes().get(maximum.attribute()))) {
				continue;
			}
			int cap = Math.max(1, (int) Math.floor(maximum.share() * k + 1e-9));
			int have = 0;
			for (Item item : slate) {
				if (value.equals(item.attributes().get(maximum.attribute()))) {
					have++;
				}
			}
			if (have + 1 > cap) {
				return false;
			}
		}
		return true;
	}

	/** Whether the item could leave the slate without breaking minimums 0..m. */
	private boolean neededByMinimums(Item item, int m, Item[] items, boolean[] taken, int k) {
		for (int j = 0; j <= m; j++) {
			Minimum minimum = this.minimums.get(j);
			if (!item.groups().contains(minimum.group())) {
				continue;
			}
			int have = 0;
			for (int i = 0; i < items.length; i++) {
				if (taken[i] && items[i].groups().contains(minimum.group())) {
					have++;
				}
			}
			if (have <= (int) Math.ceil(minimum.share() * k - 1e-9)) {
				return true;
			}
		}
		return false;
	}

	/** Whether adding the item (after removing {@code leaving}) keeps every maximum. */
	private boolean fits(Item item, Map<String, Integer> used, int k, Item leaving) {
		for (Maximum maximum : this.maximums) {
			String value = item.attributes().get(maximum.attribute());
			if (value == null) {
				continue;
			}
			int cap = Math.max(1, (int) Math.floor(maximum.share() * k + 1e-9));
			int count = used.getOrDefault(key(maximum.attribute(), value), 0);
			if (leaving != null && value.equals(leaving.attributes().get(maximum.attribute()))) {
				count--;
			}
			if (count + 1 > cap) {
				return false;
			}
		}
		return true;
	}

	private void count(Item item, Map<String, Integer> used, int delta) {
		for (Maximum maximum : this.maximums) {
			String value = item.attributes().get(maximum.attribute());
			if (value != null) {
				used.merge(key(maximum.attribute(), value), delta, Integer::sum);
			}
		}
	}

	private static String key(String attribute, String value) {
		return attribute + '\u0000' + value;
	}

}
