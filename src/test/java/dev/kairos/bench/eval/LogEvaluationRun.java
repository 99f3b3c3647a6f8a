package dev.kairos.bench.eval;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.kairos.Http;
import tools.jackson.databind.JsonNode;

/**
 * {@code /admin/evaluation} against what a policy earns when it serves: a world is served
 * over HTTP by the jar with its default policy, the client counting what it was shown and
 * clicked ({@link ServedLogAfterSimulationIT.Counting}); then the evaluation of that log
 * is asked for the logging policy ({@code logged}) and for each other policy; then the
 * jar is started again, fresh, with each other policy serving, on the same world and
 * seed, and the click-through rate its client observed is set beside the estimates.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; dev.kairos.bench.eval.LogEvaluationRun target/kairos-0.1.0-SNAPSHOT.jar \
 *   day-parts 1 1000 21000 ucb1,epsilon-greedy [LOGGER]
 * </pre>
 *
 * The optional last argument names the logging policy ({@code kairos.ranking.policy}; the
 * default's when absent): one that randomises with known propensities (e.g.
 * {@code epsilon-greedy}, {@code meta-bandit}) gives the estimators a log they can
 * reweight, where the deterministic default logs 1.0 everywhere.
 */
public final class LogEvaluationRun {

	private LogEvaluationRun() {
	}

	/** What a run's client observed. */
	record Observed(long slots, long clicks, double normalized) {

		double ctr() {
			return this.clicks / (double) this.slots;
		}

	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args[0]);
		WorldSpec world = Worlds.named(args[1]);
		long seed = Long.parseLong(args[2]);
		int requests = Integer.parseInt(args[3]);
		int port = Integer.parseInt(args[4]);
		List<String> others = List.of(args[5].split(","));
		List<String> loggerArgs = new ArrayList<>(List.of("--kairos.learning.seed=" + seed));
		if (args.length > 6) {
			loggerArgs.add("--kairos.ranking.policy=" + args[6]);
		}
		Path logs = Path.of("target/evaluation-logs");
		List<String> lines = new ArrayList<>();
		Instant start = Instant.now().minusSeconds(1);
		try (KairosHttpLearner kairos = KairosHttpLearner.started("kairos", jar, port,
				logs.resolve("log-evaluation-default.log"), loggerArgs)) {
			Observed observed = serve(kairos, world, seed, requests);
			kairos.settle();
			Http http = new Http(port);
			lines.add(String.format(Locale.ROOT,
					"logging policy (%s): observed CTR %.4f (%d clicks / %d slots), normalized %.3f",
					(args.length > 6) ? args[6] : "the default", observed.ctr(), observed.clicks(), observed.slots(),
					observed.normalized()));
			List<String> asked = new ArrayList<>(List.of("logged"));
			asked.addAll(others);
			for (String policy : asked) {
				JsonNode answer = null;
				for (int attempt = 0; attempt < 30; attempt++) {
					answer = http.get("/admin/evaluation?policy=" + policy + "&since=" + start).json();
					if (answer.get("logged").get("impressions").asLong() >= observed.slots()) {
						break;
					}
					KairosService.sleep(2000);
				}
				StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
						"evaluation policy=%s: logged %d slates, %d impressions, %d clicks, ctr %.4f, matched %d",
						policy, answer.get("logged").get("slates").asLong(),
						answer.get("logged").get("impressions").asLong(), answer.get("logged").get("clicks").asLong(),
						answer.get("logged").get("ctr").asDouble(),
						answer.get("support").get("matchedSlots").asLong()));
				for (String estimator : new String[] { "replay", "ips", "snips", "dr" }) {
					JsonNode e = answer.get("estimators").get(estimator);
					line.append(String.format(Locale.ROOT, " | %s %.4f [%.4f, %.4f]", estimator,
							e.get("value").asDouble(), e.get("lower").asDouble(), e.get("upper").asDouble()));
				}
				lines.add(line.toString());
			}
		}
		for (String policy : others) {
			try (KairosHttpLearner kairos = KairosHttpLearner.started("kairos-" + policy, jar, port,
					logs.resolve("log-evaluation-" + policy + ".log"),
					List.of("--kairos.learning.seed=" + seed, "--kairos.ranking.policy=" + policy))) {
				Observed observed = serve(kairos, world, seed, requests);
				lines.add(String.format(Locale.ROOT,
						"%s serving: observed CTR %.4f (%d clicks / %d slots), normalized %.3f", policy, observed.ctr(),
						observed.clicks(), observed.slots(), observed.normalized()));
			}
		}
		System.out.println("world " + world.name() + ", seed " + seed + ", " + requests + " requests");
		lines.forEach(System.out::println);
	}

	private static Observed serve(KairosHttpLearner kairos, WorldSpec world, long seed, int requests) {
		ServedLogAfterSimulationIT.Counting client = new ServedLogAfterSimulationIT.Counting(kairos);
		RunResult run = WorldRun.run(world, seed, requests, client, ClientBehaviour.IMPRESSIONS, null);
		return new Observed(client.slots, client.clicks(), run.lastFifth());
	}

}
