package dev.kairos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents stand on their own: the README stays a front door (at most 15 KB), and no
 * document cites a file outside the repository; every relative link resolves.
 */
class DocumentationTest {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

	private static List<Path> documents() throws IOException {
		List<Path> documents = new ArrayList<>(List.of(Path.of("README.md"), Path.of("helm/kairos/README.md")));
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			docs.filter((p) -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		return documents;
	}

	@Test
	void theReadmeIsAFrontDoor() throws IOException {
		assertThat(Files.size(Path.of("README.md"))).isLessThanOrEqualTo(15 * 1024);
		String readme = Files.readString(Path.of("README.md"));
		assertThat(readme).contains("./mvnw spring-boot:run").contains("docs/");
		// the test command the README gives is the one CI runs
		assertThat(Files.readString(Path.of(".ci/run"))).contains("./mvnw verify");
		assertThat(readme).contains("./mvnw verify");
	}

	@Test
	void noDocumentCitesAFileOutsideTheRepository() throws IOException {
		Path root = Path.of("").toAbsolutePath();
		for (Path document : documents()) {
			String text = Files.readString(document);
			assertThat(text).as(document.toString()).doesNotContain("DESIGN.md").doesNotContain("../shared");
			Matcher matcher = LINK.matcher(text);
			while (matcher.find()) {
				String target = matcher.group(1);
				if (target.contains("://") || target.startsWith("mailto:")) {
					continue;
				}
				Path resolved = document.toAbsolutePath().getParent().resolve(target).normalize();
				assertThat(resolved.startsWith(root)).as("%s links %s, inside the repository", document, target)
					.isTrue();
				assertThat(resolved).as("%s links %s", document, target).exists();
			}
		}
	}

}
