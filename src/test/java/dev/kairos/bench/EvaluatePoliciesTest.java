package dev.kairos.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluatePoliciesTest {

	private static final Path MEN = Path.of("data/open-bandit/random/men");

	@Test
	void printsOneRowPerPolicyAndEstimatorOnTheFirstRowsOfTheMenLog(@TempDir Path directory) throws Exception {
		// the first 1,500 rows (13 clicks) keep the test quick
		List<String> lines = Files.readAllLines(MEN.resolve("men.csv")).subList(0, 1_501);
		Path log = Files.write(directory.resolve("men.csv"), lines);
		Files.copy(MEN.resolve("item_context.csv"), directory.resolve("item_context.csv"));
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();

		EvaluatePolicies.run(log, directory.resolve("item_context.csv"), 42,
				new PrintStream(buffer, true, StandardCharsets.UTF_8));

		List<String> rows = buffer.toString(StandardCharsets.UTF_8)
			.lines()
			.filter((line) -> line.startsWith("| "))
			.toList();
		int policies = 1
				+ KairosPolicies.create(OpenBanditFeatures.DIMENSION, OpenBanditFeatures.SHARED_LENGTH, 42).size() + 1;
		assertThat(rows).hasSize(1 + 4 * policies);
		assertThat(rows).anySatisfy((row) -> assertThat(row).startsWith("| vw --cb_explore_adf"));
		// the logger's IPS on its own log is the logged CTR, exactly
		assertThat(rows).anySatisfy(
				(row) -> assertThat(row).startsWith("| uniform-random (the logger) | ips |").contains("| 1.00× |"));
	}

}
