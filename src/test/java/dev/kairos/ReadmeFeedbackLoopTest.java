package dev.kairos;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's feedback loop, run as written: its bash blocks between the
 * {@code readme-check} markers, in one bash session, against a running Kairos (real Kafka
 * and Redis) whose port replaces {@code localhost:8080}. The slate after the click must
 * differ from the one before and must not hold the clicked item. Needs bash, curl and jq
 * ({@code .ci/run} installs jq).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class ReadmeFeedbackLoopTest {

	private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

	@LocalServerPort
	private int port;

	/** The bash blocks between the markers, in order. */
	static List<String> feedbackLoopBlocks(String readme) {
		int begin = readme.indexOf("<!-- readme-check:begin -->");
		int end = readme.indexOf("<!-- readme-check:end -->");
		assertThat(begin).as("the README marks its feedback loop").isNotNegative();
		assertThat(end).isGreaterThan(begin);
		List<String> blocks = new ArrayList<>();
		Matcher matcher = BLOCK.matcher(readme.substring(begin, end));
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	@Test
	void theReadmesFeedbackLoopRunsAsWrittenAndTheSlateChanges(@TempDir Path directory) throws Exception {
		String readme = Files.readString(Path.of("README.md"));
		List<String> blocks = feedbackLoopBlocks(readme);
		assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
		String script = "set -euo pipefail\n" + String.join("\n", blocks);
		assertThat(script).contains("localhost:8080/recommendations").contains("recommendationId");
		script = script.replace("localhost:8080", "localhost:" + this.port);
		Path file = directory.resolve("readme.sh");
		Files.writeString(file, script);
		Process bash = new ProcessBuilder("bash", file.toString()).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("output.txt").toFile())
			.start();
		boolean ended = bash.waitFor(90, TimeUnit.SECONDS);
		String output = Files.readString(directory.resolve("output.txt"), StandardCharsets.UTF_8);
		if (!ended) {
			bash.destroyForcibly();
		}
		// what a reader of the README would see, for the build log
		System.out.println("README feedback loop output:\n" + output);
		assertThat(ended).as("the README's commands end; output:%n%s", output).isTrue();
		assertThat(bash.exitValue()).as("the README's commands succeed; output:%n%s", output).isZero();

		JsonMapper json = JsonMapper.builder().build();
		JsonNode before = json.readTree(new File(directory.toFile(), "before.json"));
		JsonNode after = json.readTree(new File(directory.toFile(), "after.json"));
		List<String> first = ids(before);
		List<String> next = ids(after);
		assertThat(first).hasSize(3);
		assertThat(next).isNotEmpty().isNotEqualTo(first).doesNotContain(first.get(0));
		assertThat(after.get("recommendationId").asString()).isNotEqualTo(before.get("recommendationId").asString());
	}

	private static List<String> ids(JsonNode slate) {
		List<String> ids = new ArrayList<>();
		slate.get("items").forEach((item) -> ids.add(item.get("itemId").asString()));
		return ids;
	}

}
