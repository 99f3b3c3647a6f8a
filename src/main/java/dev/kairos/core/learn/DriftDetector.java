package dev.kairos.core.learn;

/**
 * Watches a stream of numbers (such as a model's per-example loss) and signals when its
 * mean has changed. Deterministic and not thread-safe.
 */
public interface DriftDetector {

	/**
	 * Adds one observation.
	 * @param value a finite observation
	 * @return true if a change is detected at this observation; the detector then starts
	 * afresh
	 * @throws IllegalArgumentException if the value is not finite
	 */
	boolean update(double value);

	/** Forgets all observations. */
	void reset();

}
