package dev.kairos.core.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Wraps an {@link OnlineClassifier} with a {@link DriftDetector} fed by the progressive
 * log-loss of each example (predict, score, then learn), in the spirit of the
 * detect-and-adapt scheme of Gama et al., "A Survey on Concept Drift Adaptation", ACM
 * Computing Surveys 46(4), 2014. On a detected drift it either resets the model or raises
 * its learning rate by a factor ({@link OnlineClassifier#boostLearningRate(double)}),
 * which the model's schedule then lowers again, and reports a {@link DriftEvent}.
 *
 * <p>
 * Deviation: the loss fed to the detector is capped at {@code maxLoss} so one confident
 * mistake cannot raise an alarm alone.
 */
public final class DriftAdaptiveClassifier implements OnlineClassifier {

	/** What to do on drift. */
	public enum Response {

		/** Forget the model and learn again from scratch. */
		RESET,

		/** Keep the weights and raise the learning rate temporarily. */
		BOOST_LEARNING_RATE

	}

	private final OnlineClassifier model;

	private final DriftDetector detector;

	private final Response response;

	private final double boostFactor;

	private final double maxLoss;

	private final Consumer<DriftEvent> listener;

	private final List<DriftEvent> events = new ArrayList<>();

	private long totalExamples;

	/**
	 * @param model the wrapped model
	 * @param detector the detector of loss increases
	 * @param response what to do on drift
	 * @param boostFactor the learning-rate factor for
	 * {@link Response#BOOST_LEARNING_RATE}, &ge; 1
	 * @param maxLoss cap of the per-example log-loss fed to the detector, &gt; 0 (such as
	 * 5)
	 * @param listener told of every drift event (may do nothing)
	 */
	public DriftAdaptiveClassifier(OnlineClassifier model, DriftDetector detector, Response response,
			double boostFactor, double maxLoss, Consumer<DriftEvent> listener) {
		this.model = Objects.requireNonNull(model, "model");
		this.detector = Objects.requireNonNull(detector, "detector");
		this.response = Objects.requireNonNull(response, "response");
		Logistic.checkBoost(boostFactor);
		this.boostFactor = boostFactor;
		this.maxLoss = Logistic.requirePositive("maxLoss", maxLoss);
		this.listener = Objects.requireNonNull(listener, "listener");
	}

	@Override
	public int dimension() {
		return this.model.dimension();
	}

	@Override
	public double predict(SparseVector x) {
		return this.model.predict(x);
	}

	@Override
	public void learn(SparseVector x, double label) {
		Logistic.checkLabel(label);
		double loss = Math.min(this.maxLoss, LogLoss.of(this.model.predict(x), label));
		this.model.learn(x, label);
		this.totalExamples++;
		if (this.detector.update(loss)) {
			if (this.response == Response.RESET) {
				this.model.reset();
			}
			else {
				this.model.boostLearningRate(this.boostFactor);
			}
			DriftEvent event = new DriftEvent(this.totalExamples, this.response);
			this.events.add(event);
			this.listener.accept(event);
		}
	}

	/** Every drift detected so far, oldest first. */
	public List<DriftEvent> driftEvents() {
		return List.copyOf(this.events);
	}

	@Override
	public void reset() {
		this.model.reset();
		this.detector.reset();
		this.events.clear();
		this.totalExamples = 0;
	}

	@Override
	public void boostLearningRate(double factor) {
		this.model.boostLearningRate(factor);
	}

	@Override
	public long examplesSeen() {
		return this.model.examplesSeen();
	}

}
