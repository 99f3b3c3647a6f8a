package dev.kairos.core.learn;

/**
 * A concept drift detected by a {@link DriftAdaptiveClassifier}.
 *
 * @param example the 1-based index of the example at which drift was detected, counted
 * over the classifier's whole life
 * @param response what the classifier did about it
 */
public record DriftEvent(long example, DriftAdaptiveClassifier.Response response) {
}
