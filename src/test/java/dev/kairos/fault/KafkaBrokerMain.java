package dev.kairos.fault;

import dev.kairos.kafka.EmbeddedKafkaBroker;

/**
 * A Kafka broker as a process of its own, for fault tests that kill and restart it:
 * {@code java -cp ... dev.kairos.fault.KafkaBrokerMain PORT CONTROLLER_PORT [DIRECTORY]}.
 * Prints {@code KAFKA READY} once it answers, then runs until killed.
 */
public final class KafkaBrokerMain {

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int controllerPort = Integer.parseInt(args[1]);
		// with a directory the broker keeps its log there (and a kill -9 leaves it for a
		// restart); without, a temporary one removed on a graceful stop
		EmbeddedKafkaBroker broker = (args.length > 2)
				? EmbeddedKafkaBroker.start(port, controllerPort, java.nio.file.Path.of(args[2]))
				: EmbeddedKafkaBroker.start(port, controllerPort);
		if (args.length <= 2) {
			Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
		}
		System.out.println("KAFKA READY " + broker.bootstrapServers());
		Thread.currentThread().join();
	}

}
