/**
 * Every meter of Kairos, declared in one place
 * ({@link dev.kairos.metrics.KairosMetrics}).
 */
package dev.kairos.metrics;
