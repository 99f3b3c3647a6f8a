package dev.kairos.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.eval.ConfidenceInterval;
import dev.kairos.core.eval.LoggedEvent;
import dev.kairos.core.eval.OffPolicyEvaluation;
import dev.kairos.core.eval.PolicyValueEstimate;
import dev.kairos.core.eval.UniformRandomPolicy;

/**
 * Evaluates every Kairos policy, the uniform-random logger and Vowpal Wabbit on an Open
 * Bandit Dataset log with the replay, IPS, SNIPS and doubly robust estimators, and prints
 * a Markdown table. See {@code docs/evaluation.md}.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kairos.bench.EvaluatePolicies \
 *     -Dexec.args="data/open-bandit/random/men/men.csv [--item-context path] [--seed n]"
 * </pre>
 */
public final class EvaluatePolicies {

	private static final long DEFAULT_SEED = 42;

	private EvaluatePolicies() {
	}

	public static void main(String[] args) throws Exception {
		Path log = null;
		Path itemContext = null;
		long seed = DEFAULT_SEED;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--item-context" -> itemContext = Path.of(args[++i]);
				case "--seed" -> seed = Long.parseLong(args[++i]);
				default -> {
					if (args[i].startsWith("--") || log != null) {
						throw new IllegalArgumentException(
								"usage: EvaluatePolicies <log.csv> [--item-context <item_context.csv>] [--seed <n>]");
					}
					log = Path.of(args[i]);
				}
			}
		}
		if (log == null) {
			throw new IllegalArgumentException(
					"usage: EvaluatePolicies <log.csv> [--item-context <item_context.csv>] [--seed <n>]");
		}
		if (itemContext == null) {
			itemContext = log.resolveSibling("item_context.csv");
		}
		run(log, itemContext, seed, System.out);
	}

	static void run(Path logPath, Path itemContext, long seed, PrintStream out) throws Exception {
		List<LoggedEvent> log = OpenBanditLog.read(logPath, itemContext);
		double loggedMean = log.stream().mapToDouble(LoggedEvent::reward).average().orElse(Double.NaN);
		double clicks = log.stream().mapToDouble(LoggedEvent::reward).sum();
		int actions = log.isEmpty() ? 0 : log.get(0).candidates().size();
		out.printf(Locale.ROOT,
				"Log %s: %d events, %d actions, %.0f clicks, logged CTR (uniform-random logger's on-policy value) %s; seed %d%n%n",
				logPath, log.size(), actions, clicks, percent(loggedMean), seed);
		out.println("| policy | estimator | estimate | 95% interval | matched | vs logger | time (s) |");
		out.println("|---|---|---:|---|---:|---:|---:|");

		OffPolicyEvaluation evaluation = OffPolicyEvaluation.standard();
		List<KairosPolicies.Entry> policies = new ArrayList<>();
		policies.add(new KairosPolicies.Entry("uniform-random (the logger)", new UniformRandomPolicy(seed)));
		policies.addAll(KairosPolicies.create(OpenBanditFeatures.DIMENSION, OpenBanditFeatures.SHARED_LENGTH, seed));
		for (KairosPolicies.Entry entry : policies) {
			evaluate(evaluation, entry.label(), entry.policy(), log, loggedMean, out);
		}
		try (VowpalWabbitPolicy vw = new VowpalWabbitPolicy(VowpalWabbitPolicy.DEFAULT_ARGUMENTS,
				OpenBanditFeatures.SHARED_LENGTH, seed)) {
			evaluate(evaluation, vw.name(), vw, log, loggedMean, out);
		}
		out.println();
		out.println(
				"estimate and interval: click-through rate; vs logger: estimate / logged CTR; matched: rounds where the policy chose the logged item (replay keeps only these); time: one playback for all four estimators.");
	}

	private static void evaluate(OffPolicyEvaluation evaluation, String label, BanditPolicy policy,
			List<LoggedEvent> log, double loggedMean, PrintStream out) {
		long start = System.nanoTime();
		List<PolicyValueEstimate> estimates = evaluation.evaluate(policy, log);
		double seconds = (System.nanoTime() - start) / 1e9;
		for (PolicyValueEstimate estimate : estimates) {
			ConfidenceInterval interval = estimate.interval();
			boolean replay = estimate.estimator().equals("replay");
			out.printf(Locale.ROOT, "| %s | %s | %s | [%s, %s] | %s | %.2f× | %s |%n", label, estimate.estimator(),
					percent(estimate.value()), percent(interval.lower()), percent(interval.upper()),
					replay ? String.valueOf(estimate.matched()) : "", estimate.value() / loggedMean,
					replay ? String.format(Locale.ROOT, "%.1f", seconds) : "");
		}
		out.flush();
	}

	private static String percent(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f%%", 100 * value);
	}

}
