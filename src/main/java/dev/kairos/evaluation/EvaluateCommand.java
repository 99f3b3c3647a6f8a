package dev.kairos.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar kairos.jar evaluate --policy NAME [--since TS] [--alpha A] [--url URL]
 * [--api-key KEY] [--json]}: asks a running Kairos for {@code GET /admin/evaluation} and
 * prints the estimates as a table (or the answer as it came, with {@code --json}). Exit
 * status 0 on success, 1 on bad usage or an unreachable service, 2 when Kairos refused
 * the request (its problem document is printed).
 */
public final class EvaluateCommand {

	private static final String USAGE = "usage: java -jar kairos.jar evaluate --policy NAME [--since 2026-01-31T00:00:00Z]"
			+ " [--alpha A] [--url http://localhost:8080] [--api-key KEY] [--json]";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EvaluateCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** Runs the command; returns the exit status. */
	static int run(String[] args, PrintStream out, PrintStream err) {
		String url = "http://localhost:8080";
		String key = System.getenv("KAIROS_API_KEY");
		String policy = null;
		String since = null;
		String alpha = null;
		boolean json = false;
		try {
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--policy" -> policy = args[++i];
					case "--since" -> since = args[++i];
					case "--alpha" -> alpha = args[++i];
					case "--url" -> url = args[++i];
					case "--api-key" -> key = args[++i];
					case "--json" -> json = true;
					default -> throw new IllegalArgumentException("unknown argument " + args[i]);
				}
			}
		}
		catch (ArrayIndexOutOfBoundsException | IllegalArgumentException ex) {
			err.println(USAGE);
			return 1;
		}
		if (policy == null) {
			err.println(USAGE);
			return 1;
		}
		StringBuilder query = new StringBuilder("/admin/evaluation?policy=").append(encode(policy));
		if (since != null) {
			query.append("&since=").append(encode(since));
		}
		if (alpha != null) {
			query.append("&alpha=").append(encode(alpha));
		}
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + query))
				.timeout(Duration.ofMinutes(5))
				.GET();
			if (key != null && !key.isEmpty()) {
				request.header("X-API-Key", key);
			}
			HttpResponse<String> response = HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(5))
				.build()
				.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				err.println("Kairos answered " + response.statusCode() + ": " + response.body());
				return 2;
			}
			if (json) {
				out.println(response.body());
			}
			else {
				out.print(table(JSON.readTree(response.body())));
			}
			return 0;
		}
		catch (IOException | IllegalArgumentException ex) {
			err.println("evaluation failed: " + ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The answer as a table a person reads. */
	static String table(JsonNode answer) {
		StringBuilder s = new StringBuilder();
		JsonNode logged = answer.path("logged");
		s.append(String.format(Locale.ROOT, "policy %s (alpha %s), slates since %s%n", answer.path("policy").asString(),
				answer.path("alpha").asString(),
				answer.path("since").isNull() ? "the start of the log" : answer.path("since").asString()));
		s.append(String.format(Locale.ROOT, "logged: %d slates, %d impressions, %d clicks, CTR %s%n",
				logged.path("slates").asLong(), logged.path("impressions").asLong(), logged.path("clicks").asLong(),
				number(logged.path("ctr"))));
		s.append(String.format(Locale.ROOT, "%-8s %10s %10s %10s%n", "estimator", "value", "lower", "upper"));
		for (String name : new String[] { "replay", "ips", "snips", "dr" }) {
			JsonNode e = answer.path("estimators").path(name);
			s.append(String.format(Locale.ROOT, "%-8s %10s %10s %10s%n", name, number(e.path("value")),
					number(e.path("lower")), number(e.path("upper"))));
		}
		JsonNode support = answer.path("support");
		s.append(String.format(Locale.ROOT, "matched slots: %d, deterministic slots: %d%n",
				support.path("matchedSlots").asLong(), support.path("deterministicSlots").asLong()));
		if (support.has("note")) {
			s.append(support.path("note").asString()).append(System.lineSeparator());
		}
		return s.toString();
	}

	private static String number(JsonNode node) {
		return (node == null || node.isNull() || node.isMissingNode()) ? "-"
				: String.format(Locale.ROOT, "%.5f", node.asDouble());
	}

}
