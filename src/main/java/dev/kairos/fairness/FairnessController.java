package dev.kairos.fairness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.fairness.ExposureAudit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/fairness}: how the items shown are shared out between categories, new
 * and established items and the values of the configured item attribute, and how often
 * each group's showings were clicked.
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class FairnessController {

	private final FairnessReport report;

	FairnessController(FairnessReport report) {
		this.report = report;
	}

	@GetMapping("/admin/fairness")
	Map<String, Object> fairness() {
		Map<String, Object> view = new LinkedHashMap<>();
		FairnessSettings settings = this.report.settings();
		view.put("itemAttribute", settings.itemAttribute().isEmpty() ? null : settings.itemAttribute());
		view.put("minShownForCtr", settings.minShown());
		Map<String, Object> dimensions = new LinkedHashMap<>();
		this.report.audit().forEach((name, d) -> {
			Map<String, Object> dimension = new LinkedHashMap<>();
			dimension.put("shown", d.shown());
			dimension.put("largestShareOverEven", finiteOrNull(d.largestShareOverEven()));
			dimension.put("ctrRatio", finiteOrNull(d.ctrRatio()));
			List<Map<String, Object>> groups = new ArrayList<>();
			for (ExposureAudit.Group g : d.groups()) {
				Map<String, Object> group = new LinkedHashMap<>();
				group.put("group", g.group());
				group.put("shown", g.shown());
				group.put("clicked", g.clicked());
				group.put("share", g.share());
				group.put("ctr", finiteOrNull(g.ctr()));
				groups.add(group);
			}
			dimension.put("groups", groups);
			dimensions.put(name, dimension);
		});
		view.put("dimensions", dimensions);
		return view;
	}

	private static Double finiteOrNull(double value) {
		return Double.isFinite(value) ? value : null;
	}

}
