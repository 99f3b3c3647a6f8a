package dev.kairos.fault;

import dev.kairos.kafka.EmbeddedKafkaBroker;

/**
 * A Kafka broker as a process of its own, for fault tests that kill and restart it:
 * {@code java -cp ... dev.kairos.fault.KafkaBrokerMain PORT CONTROLLER_PORT}. Prints
 * {@code KAFKA READY} once it answers, then runs until killed.
 */
public final class KafkaBrokerMain {

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) throws Exception {
		EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
		Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
		System.out.println("KAFKA READY " + broker.bootstrapServers());
		Thread.currentThread().join();
	}

}
