package dev.kairos.core.interestclock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * An {@link InterestClock} laid out as a 24-hour × category grid, for people to look at:
 * per category, the preference read at each whole hour 0–23 (the hour a request at
 * {@code HH:00} reads, so the grid matches what ranking sees at that hour), and the same
 * as an intensity in [0, 1] relative to the clock's peak over all categories and hours.
 * Negative preferences (a category skipped at that hour) read as intensity 0.
 *
 * <p>
 * Rows are ordered by their summed positive preference over the day, strongest first,
 * ties by category name, so the categories that matter come first.
 *
 * @param peak the largest preference in the grid, or 0 when no cell is positive
 * @param rows one row per category of the clock
 */
public record ClockHeatmap(double peak, List<Row> rows) {

	public ClockHeatmap {
		rows = List.copyOf(rows);
	}

	/**
	 * One category's day.
	 *
	 * @param category the category
	 * @param preference 24 preferences, index = hour of day
	 * @param intensity 24 intensities in [0, 1], index = hour of day
	 */
	public record Row(String category, double[] preference, double[] intensity) {

		/** The summed positive preference over the day, the row's strength. */
		public double strength() {
			double sum = 0;
			for (double p : this.preference) {
				sum += Math.max(0, p);
			}
			return sum;
		}

		/** The hour of highest preference (the earliest on ties). */
		public int peakHour() {
			int best = 0;
			for (int hour = 1; hour < HourKernel.HOURS; hour++) {
				if (this.preference[hour] > this.preference[best]) {
					best = hour;
				}
			}
			return best;
		}

	}

	/** The grid of a clock as of {@code nowMillis}; an absent clock has no rows. */
	public static ClockHeatmap of(InterestClock clock, long nowMillis) {
		if (clock == null) {
			return new ClockHeatmap(0, List.of());
		}
		List<String> categories = new ArrayList<>(clock.categories());
		double[][] preferences = new double[categories.size()][];
		double peak = 0;
		for (int c = 0; c < categories.size(); c++) {
			preferences[c] = new double[HourKernel.HOURS];
			for (int hour = 0; hour < HourKernel.HOURS; hour++) {
				preferences[c][hour] = clock.preference(categories.get(c), hour, nowMillis);
				peak = Math.max(peak, preferences[c][hour]);
			}
		}
		List<Row> rows = new ArrayList<>(categories.size());
		for (int c = 0; c < categories.size(); c++) {
			double[] intensity = new double[HourKernel.HOURS];
			for (int hour = 0; hour < HourKernel.HOURS; hour++) {
				intensity[hour] = (peak > 0) ? Math.max(0, preferences[c][hour]) / peak : 0;
			}
			rows.add(new Row(categories.get(c), preferences[c], intensity));
		}
		rows.sort(Comparator.comparingDouble(Row::strength).reversed().thenComparing(Row::category));
		return new ClockHeatmap(peak, rows);
	}

	/**
	 * The rows of some categories only (in this grid's order), with intensities still
	 * relative to the whole clock's peak.
	 */
	public ClockHeatmap only(Collection<String> categories) {
		return new ClockHeatmap(this.peak,
				this.rows.stream().filter((row) -> categories.contains(row.category())).toList());
	}

}
