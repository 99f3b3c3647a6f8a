/**
 * Off-policy evaluation of the service's own slate log: {@code GET /admin/evaluation},
 * {@code java -jar kairos.jar evaluate}, the {@link dev.kairos.evaluation.ServedLog}
 * port.
 */
package dev.kairos.evaluation;
