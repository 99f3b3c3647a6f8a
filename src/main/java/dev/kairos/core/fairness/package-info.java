/**
 * Exposure fairness: how showings are shared out between groups of items and how each
 * group's showings are clicked ({@link dev.kairos.core.fairness.ExposureAudit}).
 */
package dev.kairos.core.fairness;
