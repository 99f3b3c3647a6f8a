package dev.kairos.learning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.validation.UnknownEntityException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The model's admin endpoints: its state, snapshots, rollback, and freezing learning.
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class ModelAdminController {

	private final ModelStore store;

	private final ServingModel serving;

	private final LearningSettings settings;

	ModelAdminController(ModelStore store, ServingModel serving, LearningSettings settings) {
		this.store = store;
		this.serving = serving;
		this.settings = settings;
	}

	@GetMapping("/admin/model")
	Map<String, Object> model() {
		ModelState state = this.store.load();
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("defaultPolicy", this.settings.policy());
		view.put("version", state.version());
		view.put("servingVersion", this.serving.version());
		view.put("rewards", state.statistics().count());
		view.put("dimension", state.statistics().dimension());
		view.put("frozen", state.frozen());
		view.put("snapshots", this.store.snapshots());
		this.store.guardCheck().ifPresent((check) -> {
			Map<String, Object> guard = new LinkedHashMap<>();
			guard.put("checkedAt", check.checkedAt().toString());
			guard.put("modelVersion", check.modelVersion());
			guard.put("referenceSnapshot", check.referenceVersion());
			guard.put("observations", check.verdict().observations());
			guard.put("positives", check.verdict().positives());
			guard.put("heldOutAuc", finiteOrNull(check.verdict().auc()));
			guard.put("referenceAuc", finiteOrNull(check.verdict().referenceAuc()));
			guard.put("tripped", check.verdict().tripped());
			guard.put("frozeLearning", check.froze());
			view.put("guard", guard);
		});
		return view;
	}

	@PostMapping("/admin/model/snapshots")
	Map<String, Long> snapshot() {
		return Map.of("version", this.store.snapshot());
	}

	@GetMapping("/admin/model/snapshots")
	Map<String, List<Long>> snapshots() {
		return Map.of("versions", this.store.snapshots());
	}

	@PostMapping("/admin/model/rollback/{version}")
	Map<String, Object> rollback(@PathVariable long version) {
		if (!this.store.rollback(version)) {
			throw new UnknownEntityException("snapshot", Long.toString(version));
		}
		return model();
	}

	@PostMapping("/admin/model/freeze")
	ResponseEntity<Map<String, Object>> freeze() {
		this.store.freeze(true);
		return ResponseEntity.ok(model());
	}

	@PostMapping("/admin/model/unfreeze")
	ResponseEntity<Map<String, Object>> unfreeze() {
		this.store.freeze(false);
		return ResponseEntity.ok(model());
	}

	private static Double finiteOrNull(double value) {
		return Double.isFinite(value) ? value : null;
	}

}
