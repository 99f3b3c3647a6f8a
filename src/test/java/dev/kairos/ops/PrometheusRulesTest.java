package dev.kairos.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerting rules: {@code promtool} checks them and runs their tests (each alert fires
 * on the series that should fire it and stays silent otherwise), they query documented
 * meters, and the Helm chart's PrometheusRule holds the same rules. Needs Debian's
 * {@code prometheus} package for promtool ({@code .ci/run} installs it); the promtool
 * test is skipped where it is absent.
 */
class PrometheusRulesTest {

	static final Path RULES = Path.of("ops/prometheus/rules.yml");

	static final Path RULES_TEST = Path.of("ops/prometheus/rules-test.yml");

	private static String promtool() {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "promtool");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return null;
	}

	private static String run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
		return output;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> groups(Map<String, Object> rules) {
		return (List<Map<String, Object>>) rules.get("groups");
	}

	@SuppressWarnings("unchecked")
	private static List<String> alertNames(Map<String, Object> rules) {
		return groups(rules).stream()
			.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
			.map((rule) -> (String) rule.get("alert"))
			.toList();
	}

	@Test
	void promtoolChecksTheRulesAndTheirTestsPass() throws Exception {
		String promtool = promtool();
		Assumptions.assumeTrue(promtool != null, "promtool is not installed (Debian: apt-get install prometheus)");
		assertThat(run(promtool, "check", "rules", RULES.toString())).contains("SUCCESS");
		assertThat(run(promtool, "test", "rules", RULES_TEST.toString())).contains("SUCCESS");
	}

	@Test
	void everyAlertIsTestedFiringAndSilentAndTheIssuesAlertsAreThere() throws IOException {
		Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
		List<String> alerts = alertNames(rules);
		assertThat(alerts).contains("KairosConsumerLagHigh", "KairosConsumerLagMissing", "KairosFreshnessSlow",
				"KairosHttpServerErrors", "KairosHttpUnavailable", "KairosDegradedRecommendations", "KairosDeadLetters",
				"KairosModelStale", "KairosLearningGuardTripped");
		String lagMissing = Files.readString(RULES);
		assertThat(lagMissing).contains("absent(kairos_consumer_lag");
		String tests = Files.readString(RULES_TEST);
		for (String alert : alerts) {
			// each alert appears in the tests at least once expecting it and once not
			Matcher expectations = Pattern.compile("alertname: " + alert + "\\n\\s+exp_alerts:(\\s*\\[\\])?")
				.matcher(tests);
			boolean fires = false;
			boolean silent = false;
			while (expectations.find()) {
				if (expectations.group(1) != null) {
					silent = true;
				}
				else {
					fires = true;
				}
			}
			assertThat(fires).as(alert + " is tested firing").isTrue();
			assertThat(silent).as(alert + " is tested silent").isTrue();
		}
	}

	@Test
	void theRulesQueryDocumentedMeters() throws IOException {
		List<String> documented = MetricsEndpointTest.documentedMetricNames();
		Matcher used = Pattern.compile("\\b(kairos_[a-z_]+|http_server_requests_seconds_count)")
			.matcher(Files.readString(RULES));
		int queries = 0;
		while (used.find()) {
			String name = used.group(1).replaceAll("_(bucket|count|sum)$", "");
			assertThat(documented).as("documented meter for " + used.group(1)).contains(name);
			queries++;
		}
		assertThat(queries).isGreaterThanOrEqualTo(9);
	}

	@Test
	void theChartsPrometheusRuleHoldsTheSameRules(@TempDir Path directory) throws IOException {
		assertThat(HelmChartTest.render(null)).noneMatch((o) -> o.getKind().equals("PrometheusRule"));
		Path values = directory.resolve("values.yaml");
		Files.writeString(values, "metrics:\n  prometheusRule:\n    enabled: true\n    labels:\n      release: prom\n");
		List<HasMetadata> objects = HelmChartTest.render(values);
		GenericKubernetesResource rule = objects.stream()
			.filter((o) -> o.getKind().equals("PrometheusRule"))
			.map(GenericKubernetesResource.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prom");
		Map<String, Object> expected = new Yaml().load(Files.readString(RULES));
		// the same groups, rules, expressions, labels and annotations (maps compare by
		// content: Helm's toYaml sorts keys)
		Object rendered = rule.get("spec", "groups");
		assertThat(rendered).isEqualTo(groups(expected));
	}

	/** The dashboard (both copies) shows what the guard alert watches. */
	@Test
	void theDashboardShowsTheLearningGuard() throws IOException {
		for (Path dashboard : List.of(Path.of("ops/grafana/kairos-dashboard.json"),
				Path.of("helm/kairos/dashboards/kairos-dashboard.json"))) {
			String json = Files.readString(dashboard);
			assertThat(json).as(dashboard.toString())
				.contains("Learning guard: held-out AUC")
				.contains("kairos_model_guard_auc")
				.contains("kairos_model_guard_reference_auc")
				.contains("Learning guard trips")
				.contains("kairos_model_guard_trips_total");
		}
	}

}
