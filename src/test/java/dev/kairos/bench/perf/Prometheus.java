package dev.kairos.bench.perf;

/** Reads figures from a Prometheus text exposition ({@code /actuator/prometheus}). */
final class Prometheus {

	private Prometheus() {
	}

	/**
	 * The sum of every sample of {@code metric} whose labels contain {@code labelFilter}
	 * (for example {@code area="heap"}); NaN when there is none.
	 */
	static double sum(String exposition, String metric, String labelFilter) {
		double sum = 0;
		boolean found = false;
		for (String line : exposition.split("\n")) {
			if (line.startsWith("#") || !line.startsWith(metric)) {
				continue;
			}
			String rest = line.substring(metric.length());
			String labels = "";
			if (rest.startsWith("{")) {
				int close = rest.lastIndexOf('}');
				labels = rest.substring(1, close);
				rest = rest.substring(close + 1);
			}
			else if (!rest.startsWith(" ")) {
				// another metric whose name starts with this one
				continue;
			}
			if (!labels.contains(labelFilter)) {
				continue;
			}
			String[] parts = rest.trim().split("\\s+");
			sum += Double.parseDouble(parts[0]);
			found = true;
		}
		return found ? sum : Double.NaN;
	}

}
