package dev.kairos.core.drift;

import java.time.Duration;
import java.util.Objects;

/**
 * What a detected drift does to the shared model's evidence, and the half-life the model
 * decays with at any time. {@link Kind#DECAY} makes the model decay with
 * {@link Settings#halfLife()} instead of the configured half-life for
 * {@link Settings#fastDecayFor()} after each detection; {@link Kind#RESET} asks the
 * caller to forget the evidence at once ({@link #detected} returns true);
 * {@link Kind#NONE} changes nothing. Times are passed in (the worker's clock, or a
 * simulation's event time). Thread-safe.
 *
 * <p>
 * The decay itself multiplies the sufficient statistics (A and b, not the ridge term or
 * the count of rewards) by {@link #factor}; the worker's store does it in one script, the
 * sandbox in memory.
 */
public final class DriftResponse {

	/** What a detection does. */
	public enum Kind {

		/** Decay the model faster for a while. */
		DECAY,
		/** Forget the model's evidence at once. */
		RESET,
		/** Only report. */
		NONE

	}

	/**
	 * @param kind what a detection does
	 * @param halfLife the model's half-life while it decays faster
	 * @param fastDecayFor how long it decays faster after a detection
	 */
	public record Settings(Kind kind, Duration halfLife, Duration fastDecayFor) {

		public Settings {
			Objects.requireNonNull(kind, "kind");
			Objects.requireNonNull(halfLife, "halfLife");
			Objects.requireNonNull(fastDecayFor, "fastDecayFor");
			if (halfLife.isNegative() || halfLife.isZero()) {
				throw new IllegalArgumentException("the drift half-life must be positive: " + halfLife);
			}
			if (fastDecayFor.isNegative()) {
				throw new IllegalArgumentException("fastDecayFor must not be negative: " + fastDecayFor);
			}
		}

	}

	private final Settings settings;

	private volatile long fastDecayUntil = Long.MIN_VALUE;

	public DriftResponse(Settings settings) {
		this.settings = Objects.requireNonNull(settings, "settings");
	}

	public Settings settings() {
		return this.settings;
	}

	/**
	 * A drift was detected at {@code nowMillis}.
	 * @return whether the caller must forget the model's evidence now
	 * ({@link Kind#RESET})
	 */
	public boolean detected(long nowMillis) {
		switch (this.settings.kind()) {
			case DECAY -> this.fastDecayUntil = nowMillis + this.settings.fastDecayFor().toMillis();
			case RESET -> {
				return true;
			}
			case NONE -> {
			}
		}
		return false;
	}

	/**
	 * The half-life the model should decay with at {@code nowMillis}: the drift half-life
	 * while a detection's faster decay lasts, else {@code configured} (zero: no decay).
	 */
	public Duration halfLife(long nowMillis, Duration configured) {
		return decayingFaster(nowMillis) ? this.settings.halfLife() : configured;
	}

	/** Whether a detection's faster decay is under way at {@code nowMillis}. */
	public boolean decayingFaster(long nowMillis) {
		return nowMillis < this.fastDecayUntil;
	}

	/**
	 * The factor evidence is multiplied by after {@code elapsedMillis} with the given
	 * half-life: {@code 0.5^(elapsed / halfLife)}; 1 for no time or a zero half-life (no
	 * decay).
	 */
	public static double factor(long elapsedMillis, Duration halfLife) {
		if (elapsedMillis <= 0 || halfLife.isZero()) {
			return 1;
		}
		if (halfLife.isNegative()) {
			throw new IllegalArgumentException("halfLife must not be negative: " + halfLife);
		}
		return Math.pow(0.5, elapsedMillis / (double) halfLife.toMillis());
	}

}
