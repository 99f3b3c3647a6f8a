package dev.kairos.fairness;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.kairos.core.fairness.ExposureAudit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * The exposure audit as gauges, {@code kairos.fairness.share} and
 * {@code kairos.fairness.ctr} tagged by dimension and group, read from the shared counts
 * every 5 s (every instance reports the same values; a group appears at the first refresh
 * after its first showing).
 */
public class FairnessMetrics {

	/** The share of a dimension's showings that went to a group. */
	public static final String SHARE = "kairos.fairness.share";

	/** A group's click-through rate. */
	public static final String CTR = "kairos.fairness.ctr";

	private final FairnessReport report;

	private final MeterRegistry registry;

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private volatile Map<String, ExposureAudit.Dimension> audit = Map.of();

	public FairnessMetrics(FairnessReport report, MeterRegistry registry) {
		this.report = report;
		this.registry = registry;
	}

	/**
	 * Reads the counts again (every {@code kairos.fairness.refresh-interval}) and
	 * registers the groups seen for the first time.
	 */
	@Scheduled(initialDelay = 1_000, fixedDelayString = "${kairos.fairness.refresh-interval:5s}")
	public void refresh() {
		Map<String, ExposureAudit.Dimension> now = this.report.audit();
		this.audit = now;
		now.forEach((dimension, d) -> d.groups().forEach((g) -> {
			if (this.registered.add(dimension + "|" + g.group())) {
				Gauge.builder(SHARE, this, (m) -> m.value(dimension, g.group(), true))
					.description("Share of the dimension's showings that went to the group")
					.tags("dimension", dimension, "group", g.group())
					.register(this.registry);
				Gauge.builder(CTR, this, (m) -> m.value(dimension, g.group(), false))
					.description("Click-through rate of the group's showings")
					.tags("dimension", dimension, "group", g.group())
					.register(this.registry);
			}
		}));
	}

	private double value(String dimension, String group, boolean share) {
		ExposureAudit.Dimension d = this.audit.get(dimension);
		if (d == null) {
			return Double.NaN;
		}
		for (ExposureAudit.Group g : d.groups()) {
			if (g.group().equals(group)) {
				return share ? g.share() : g.ctr();
			}
		}
		return Double.NaN;
	}

}
