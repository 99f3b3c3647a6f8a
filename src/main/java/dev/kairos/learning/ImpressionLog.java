package dev.kairos.learning;

/** The durable log of served slates (Kafka), read by off-policy evaluation. */
public interface ImpressionLog {

	/**
	 * Logs a slate without waiting: serving never blocks on it; failures are counted and
	 * logged.
	 */
	void log(Impression impression);

}
