package dev.kairos.core.learn;

/**
 * An online binary classifier of click-through: predicts P(click | x) and learns from one
 * labelled example at a time (progressive validation: predict, then learn).
 *
 * <p>
 * Implementations are deterministic in their inputs and not thread-safe: callers
 * serialise access or keep one instance per thread.
 */
public interface OnlineClassifier {

	/** The number of coordinates a vector may use; indices must be below it. */
	int dimension();

	/**
	 * The predicted probability of a positive label, in (0, 1).
	 * @throws IllegalArgumentException if {@code x} has an index at or above
	 * {@link #dimension()}
	 */
	double predict(SparseVector x);

	/**
	 * Learns from one example.
	 * @param x the features, indices below {@link #dimension()}
	 * @param label the observed label in [0, 1] (1 click, 0 no click; soft labels
	 * allowed)
	 * @throws IllegalArgumentException if the label is not finite or outside [0, 1]
	 */
	void learn(SparseVector x, double label);

	/** Forgets everything learned, as if newly constructed. */
	void reset();

	/**
	 * Raises the learning rate of every coordinate by about {@code factor} (at most back
	 * to the initial rate), keeping the current weights. The usual schedule then lowers
	 * it again as examples arrive, so the boost is temporary. Used on concept drift.
	 * @param factor at least 1
	 */
	void boostLearningRate(double factor);

	/** The number of examples learned since construction or the last reset. */
	long examplesSeen();

}
