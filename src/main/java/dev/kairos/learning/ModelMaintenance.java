package dev.kairos.learning;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.kairos.core.eval.HoldoutGuard;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgeModel;
import dev.kairos.metrics.KairosMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's care of the shared model, on timers: it forgets old evidence for drift
 * (decay), snapshots the model, and guards it. Any number of workers may run it: decay is
 * keyed on the stored time of the last one, a snapshot is named by the model's version,
 * and the guard's verdict is the same whoever computes it.
 *
 * <p>
 * The guard judges the current model against the best of the three newest snapshots on
 * held-out feedback ({@link HoldoutGuard}); when the model ranks clearly worse it freezes
 * learning and says so in the log at error level, in {@code GET /admin/model} and in the
 * meter {@code kairos.model.guard.trips} (alert on any increase), so that an operator can
 * roll back to the snapshot and unfreeze. While learning is frozen no periodic snapshot
 * is taken, so the good reference stays the newest.
 */
public class ModelMaintenance {

	private static final Logger log = LoggerFactory.getLogger(ModelMaintenance.class);

	private static final int REFERENCES = 3;

	private final ModelStore store;

	private final HoldoutGuard guard;

	private final double lambda;

	private final Duration decayHalfLife;

	private final Clock clock;

	private final KairosMetrics metrics;

	private final DriftWatch drift;

	public ModelMaintenance(ModelStore store, HoldoutGuard guard, double lambda, Duration decayHalfLife, Clock clock,
			KairosMetrics metrics) {
		this(store, guard, lambda, decayHalfLife, clock, metrics, null);
	}

	/**
	 * @param drift whose detections may make the model decay faster for a while, or
	 * {@code null}
	 */
	public ModelMaintenance(ModelStore store, HoldoutGuard guard, double lambda, Duration decayHalfLife, Clock clock,
			KairosMetrics metrics, DriftWatch drift) {
		this.drift = drift;
		this.metrics = metrics;
		this.store = store;
		this.guard = guard;
		this.lambda = lambda;
		this.decayHalfLife = decayHalfLife;
		this.clock = clock;
	}

	/**
	 * Decays the model's evidence, if a half-life is set, or faster while a drift
	 * detection asks for it.
	 */
	public void decay() {
		Duration halfLife = (this.drift != null) ? this.drift.decayHalfLife(this.decayHalfLife) : this.decayHalfLife;
		if (halfLife.isZero()) {
			return;
		}
		try {
			this.store.decay(this.clock.millis(), halfLife, Duration.ofSeconds(30));
		}
		catch (RuntimeException ex) {
			log.warn("Could not decay the model: {}", ex.getMessage());
		}
	}

	/** Takes a periodic snapshot, unless learning is frozen. */
	public void snapshot() {
		try {
			ModelState state = this.store.load();
			if (!state.frozen() && state.statistics().count() > 0) {
				this.store.snapshot();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not snapshot the model: {}", ex.getMessage());
		}
	}

	/**
	 * Judges the model against the best of the recent snapshots and freezes learning if
	 * it has got clearly worse.
	 * @return the check made, empty if there was nothing to judge against
	 */
	public Optional<GuardCheck> guard() {
		try {
			ModelState state = this.store.load();
			List<HoldoutGuard.Observation> heldOut = this.store.heldOut(Integer.MAX_VALUE);
			double[] theta = theta(state.statistics());
			GuardCheck best = null;
			for (long version : this.store.snapshots().stream().limit(REFERENCES).toList()) {
				Optional<LinearStatistics> reference = this.store.snapshotStatistics(version);
				if (reference.isEmpty() || version == state.version()) {
					continue;
				}
				HoldoutGuard.Verdict verdict = this.guard.check(heldOut, theta, theta(reference.get()));
				if (best == null || verdict.referenceAuc() > best.verdict().referenceAuc()) {
					best = new GuardCheck(this.clock.instant(), state.version(), version, verdict, false);
				}
			}
			if (best == null) {
				return Optional.empty();
			}
			if (best.verdict().tripped() && !state.frozen()) {
				this.store.freeze(true);
				best = new GuardCheck(best.checkedAt(), best.modelVersion(), best.referenceVersion(), best.verdict(),
						true);
				log.error(
						"Learning guard: held-out AUC of model version {} is {} against {} for snapshot {} ({} observations); "
								+ "learning is frozen. Inspect, then POST /admin/model/rollback/{} and POST /admin/model/unfreeze",
						best.modelVersion(), best.verdict().auc(), best.verdict().referenceAuc(),
						best.referenceVersion(), best.verdict().observations(), best.referenceVersion());
			}
			this.store.guardCheck(best);
			this.metrics.guardChecked(best.verdict().auc(), best.verdict().referenceAuc(), best.froze());
			return Optional.of(best);
		}
		catch (RuntimeException ex) {
			log.warn("Could not run the learning guard: {}", ex.getMessage());
			return Optional.empty();
		}
	}

	private double[] theta(LinearStatistics statistics) {
		return RidgeModel.of(statistics, this.lambda).theta();
	}

}
