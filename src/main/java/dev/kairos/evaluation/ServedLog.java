package dev.kairos.evaluation;

import java.time.Instant;
import java.util.List;

import dev.kairos.events.InteractionEvent;
import dev.kairos.learning.ServedSlate;

/**
 * The served slates and the feedback on them, as logged (Kafka: the slates topic and the
 * events topic), read for off-policy evaluation.
 */
public interface ServedLog {

	/**
	 * What was read.
	 *
	 * @param slates slates logged at or after the start, in log order
	 * @param feedback events that may be feedback on them (impressions left out)
	 * @param truncated whether slates were left out because there were more than asked
	 * for (the newest are kept)
	 */
	record Contents(List<ServedSlate> slates, List<InteractionEvent> feedback, boolean truncated) {

		public Contents {
			slates = List.copyOf(slates);
			feedback = List.copyOf(feedback);
		}

	}

	/**
	 * Reads the slates logged since {@code since} (all if {@code null}), at most
	 * {@code maxSlates} of them, and the feedback events logged from
	 * {@code since - lookBack} on.
	 * @throws LogUnavailableException if the log cannot be read in time
	 */
	Contents read(Instant since, java.time.Duration lookBack, int maxSlates);

	/** The log could not be read (the broker is unreachable, a read timed out). */
	class LogUnavailableException extends RuntimeException {

		public LogUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
