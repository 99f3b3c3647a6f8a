/**
 * Exposure fairness, audited from the join's output: the worker's counts
 * ({@link dev.kairos.fairness.FairnessTally}, the
 * {@link dev.kairos.fairness.FairnessStore} port), {@code GET /admin/fairness} and its
 * metrics.
 */
package dev.kairos.fairness;
