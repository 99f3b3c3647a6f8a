package dev.kairos.evaluation;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's table and its usage errors (no server). */
class EvaluateCommandTest {

	@Test
	void theTableShowsEveryEstimatorAndTheNote() {
		String answer = "{\"policy\":\"linucb\",\"alpha\":0.3,\"since\":null,"
				+ "\"logged\":{\"slates\":2,\"impressions\":6,\"clicks\":2,\"ctr\":0.3333333333},"
				+ "\"estimators\":{\"replay\":{\"value\":0.5,\"lower\":0.1,\"upper\":0.9},"
				+ "\"ips\":{\"value\":0.25,\"lower\":0.0,\"upper\":0.6},\"snips\":{\"value\":null,\"lower\":null,\"upper\":null},"
				+ "\"dr\":{\"value\":0.3,\"lower\":0.2,\"upper\":0.4}},"
				+ "\"support\":{\"matchedSlots\":3,\"deterministicSlots\":6,\"note\":\"deterministic\"}}";
		String table = EvaluateCommand.table(JsonMapper.builder().build().readTree(answer));
		assertThat(table).contains("policy linucb (alpha 0.3), slates since the start of the log")
			.contains("2 slates, 6 impressions, 2 clicks, CTR 0.33333")
			.containsPattern("replay\\s+0\\.50000\\s+0\\.10000\\s+0\\.90000")
			.containsPattern("snips\\s+-\\s+-\\s+-")
			.contains("matched slots: 3, deterministic slots: 6")
			.contains("deterministic");
	}

	@Test
	void badUsageExitsWithOneAndSaysHow() {
		for (String[] args : new String[][] { {}, { "--policy" }, { "--policy", "linucb", "--bogus" } }) {
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			assertThat(EvaluateCommand.run(args, new PrintStream(new ByteArrayOutputStream()),
					new PrintStream(err, true, StandardCharsets.UTF_8)))
				.isEqualTo(1);
			assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar kairos.jar evaluate");
		}
	}

	@Test
	void anUnreachableServiceExitsWithOne() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertThat(EvaluateCommand.run(new String[] { "--policy", "linucb", "--url", "http://127.0.0.1:1" },
				new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)))
			.isEqualTo(1);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("evaluation failed");
	}

}
