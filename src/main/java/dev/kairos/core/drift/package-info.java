/**
 * Drift on the reward stream: its detection per stream and the response to a detection,
 * shared by the worker and the evaluation suite's sandbox.
 */
package dev.kairos.core.drift;
