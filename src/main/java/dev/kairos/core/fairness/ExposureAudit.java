package dev.kairos.core.fairness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An audit of exposure: how the items shown are shared out between the groups of one
 * dimension (categories, new against established items, the values of an item attribute
 * such as a provider), and how often each group's showings were clicked. Counts in,
 * shares, click-through rates and two summaries out: the largest group's share against an
 * even split, and the ratio of the lowest click-through rate to the highest (the
 * "four-fifths" reading of disparate impact: below 0.8 is worth a look).
 *
 * <p>
 * Plain arithmetic over counts kept elsewhere (exactly once, by the worker); no
 * framework.
 */
public final class ExposureAudit {

	private ExposureAudit() {
	}

	/**
	 * One group's counts and what they come to.
	 *
	 * @param group the group's value
	 * @param shown showings of its items (withdrawn ones taken off)
	 * @param clicked showings that brought positive feedback
	 * @param share its part of all the dimension's showings, in [0, 1]
	 * @param ctr clicked ÷ shown, or {@code NaN} if never shown
	 */
	public record Group(String group, double shown, double clicked, double share, double ctr) {
	}

	/**
	 * A dimension's audit.
	 *
	 * @param groups the groups, most shown first
	 * @param shown all showings
	 * @param largestShareOverEven the largest group's share times the number of groups (1
	 * = an even split, the number of groups = everything to one group); {@code NaN}
	 * without showings
	 * @param ctrRatio the lowest click-through rate over the highest among groups shown
	 * at least {@code minShown} times (1 = equal); {@code NaN} with fewer than two such
	 * groups or no clicks
	 */
	public record Dimension(List<Group> groups, double shown, double largestShareOverEven, double ctrRatio) {
	}

	/**
	 * Audits one dimension.
	 * @param shown showings per group
	 * @param clicked clicked showings per group (groups missing here have none)
	 * @param minShown fewest showings for a group's click-through rate to enter the ratio
	 */
	public static Dimension of(Map<String, Double> shown, Map<String, Double> clicked, double minShown) {
		double total = 0;
		for (double n : shown.values()) {
			total += Math.max(0, n);
		}
		List<Group> groups = new ArrayList<>();
		double largest = 0;
		double lowest = Double.POSITIVE_INFINITY;
		double highest = 0;
		int rated = 0;
		Map<String, Double> all = new LinkedHashMap<>(shown);
		clicked.keySet().forEach((g) -> all.putIfAbsent(g, 0.0));
		for (Map.Entry<String, Double> e : all.entrySet()) {
			double n = Math.max(0, e.getValue());
			double c = Math.max(0, clicked.getOrDefault(e.getKey(), 0.0));
			double share = (total > 0) ? n / total : 0;
			double ctr = (n > 0) ? c / n : Double.NaN;
			groups.add(new Group(e.getKey(), n, c, share, ctr));
			largest = Math.max(largest, share);
			if (n >= minShown && n > 0) {
				rated++;
				lowest = Math.min(lowest, ctr);
				highest = Math.max(highest, ctr);
			}
		}
		groups.sort(Comparator.comparingDouble((Group g) -> -g.shown()).thenComparing(Group::group));
		double even = (total > 0) ? largest * groups.size() : Double.NaN;
		double ratio = (rated >= 2 && highest > 0) ? lowest / highest : Double.NaN;
		return new Dimension(List.copyOf(groups), total, even, ratio);
	}

}
