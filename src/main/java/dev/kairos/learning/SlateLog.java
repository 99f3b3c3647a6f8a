package dev.kairos.learning;

/**
 * The durable log of served slates (Kafka, keyed by user like the events), from which the
 * worker joins feedback and learns, and off-policy evaluation reads.
 */
public interface SlateLog {

	/**
	 * Logs a slate without waiting: serving never blocks on it; failures are counted and
	 * logged.
	 */
	void log(ServedSlate slate);

}
