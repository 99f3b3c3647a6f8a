package dev.kairos.fairness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.fairness.ExposureAudit;

/**
 * The exposure audit as it stands: the stored counts, grouped by dimension and audited
 * ({@link ExposureAudit}). Read by {@code GET /admin/fairness} and, at most every few
 * seconds, by the metrics.
 */
public class FairnessReport {

	private final FairnessStore store;

	private final FairnessSettings settings;

	public FairnessReport(FairnessStore store, FairnessSettings settings) {
		this.store = store;
		this.settings = settings;
	}

	/**
	 * Each dimension's audit, by name ({@code age}, {@code category}, {@code item.NAME}).
	 */
	public Map<String, ExposureAudit.Dimension> audit() {
		Map<String, Map<String, Double>> shown = new TreeMap<>();
		Map<String, Map<String, Double>> clicked = new TreeMap<>();
		this.store.counts().forEach((field, value) -> {
			String[] parts = field.split("\\|", 3);
			if (parts.length != 3) {
				return; // the offsets
			}
			Map<String, Map<String, Double>> into = parts[0].equals("s") ? shown
					: parts[0].equals("c") ? clicked : null;
			if (into != null) {
				into.computeIfAbsent(parts[1], (d) -> new TreeMap<>()).put(parts[2], value);
			}
		});
		Map<String, ExposureAudit.Dimension> audit = new LinkedHashMap<>();
		shown.forEach((dimension, groups) -> audit.put(dimension,
				ExposureAudit.of(groups, clicked.getOrDefault(dimension, Map.of()), this.settings.minShown())));
		return audit;
	}

	/** The settings. */
	public FairnessSettings settings() {
		return this.settings;
	}

}
