package dev.kairos;

import java.util.Arrays;

import dev.kairos.bulk.BulkImport;
import dev.kairos.evaluation.EvaluateCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Kairos: a real-time recommendation service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KairosApplication {

	/**
	 * Starts the service; {@code import FILE [--url URL] [--api-key KEY]} instead loads a
	 * file of past items and events into a running Kairos ({@link BulkImport});
	 * {@code evaluate --policy NAME [--since TS]} asks a running Kairos what a policy
	 * would have earned on its log ({@link EvaluateCommand}).
	 */
	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("import")) {
			BulkImport.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("evaluate")) {
			EvaluateCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		SpringApplication.run(KairosApplication.class, args);
	}

}
