package dev.kairos.learning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.bandit.ServedMetaBandit;
import dev.kairos.core.ranking.ExplorationSlot;
import dev.kairos.core.ranking.ServingPolicy;
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
		view.put("policies", policies());
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

	/**
	 * Per served policy, what it serves from at the serving version: the meta-bandit's
	 * grid with its current probabilities, log-weights and the items each α showed; the
	 * number of items with statistics of the per-item policies.
	 */
	private Map<String, Object> policies() {
		ServingModel.Version current = this.serving.current();
		PolicySettings settings = this.serving.policies();
		Map<String, Object> view = new LinkedHashMap<>();
		for (String name : new java.util.TreeSet<>(settings.served())) {
			Map<String, Object> policy = new LinkedHashMap<>();
			ServingPolicy served = current.policy(name);
			policy.put("randomized", served.randomized() || served instanceof ServedMetaBandit
					|| served.exploration().kind() != ExplorationSlot.Kind.NONE);
			if (PolicySettings.PER_ITEM.contains(name)) {
				policy.put("itemsWithStatistics", current.state().items().size());
			}
			if (served instanceof ServedMetaBandit meta) {
				double[] p = meta.probabilities();
				List<Map<String, Object>> grid = new java.util.ArrayList<>();
				for (int j = 0; j < meta.alphas().length; j++) {
					String key = ServedMetaBandit.key(meta.alphas()[j]);
					Map<String, Object> row = new LinkedHashMap<>();
					row.put("alpha", meta.alphas()[j]);
					row.put("probability", p[j]);
					row.put("logWeight", meta.logWeights()[j]);
					row.put("itemsShown", current.state().metaShown().getOrDefault(key, 0L));
					grid.add(row);
				}
				policy.put("gamma", meta.gamma());
				policy.put("grid", grid);
			}
			view.put(name, policy);
		}
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
