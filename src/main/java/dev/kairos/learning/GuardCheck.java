package dev.kairos.learning;

import java.time.Instant;

import dev.kairos.core.eval.HoldoutGuard;

/**
 * One check of the learning guard: the model at a version judged against the best of the
 * recent snapshots on held-out feedback.
 *
 * @param checkedAt when
 * @param modelVersion the version judged
 * @param referenceVersion the snapshot it was judged against
 * @param verdict the outcome
 * @param froze whether this check froze learning
 */
public record GuardCheck(Instant checkedAt, long modelVersion, long referenceVersion, HoldoutGuard.Verdict verdict,
		boolean froze) {
}
