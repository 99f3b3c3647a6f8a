package dev.kairos.bench.eval;

import java.time.Duration;
import java.util.List;

/** The learners of the suite, by name. */
public final class Learners {

	/** The in-process learners, in table order. */
	public static final List<String> IN_PROCESS = List.of("random", "most-popular", "recent-popular", "epsilon-greedy",
			"item-to-item", "most-viewed-by-user", "viewed-together", "vowpal-wabbit", "kairos-sandbox");

	/**
	 * The learners that only make sense on real data, where users consume items again (in
	 * the simulated worlds nothing is consumed twice).
	 */
	public static final List<String> REPLAY_ONLY = List.of("bought-before");

	/** The learners that only make sense where users browse on their own. */
	public static final List<String> ORGANIC_ONLY = List.of("most-viewed-by-user", "viewed-together");

	/**
	 * The prefix of the sandbox serving a named policy ({@code kairos-sandbox:ucb1}: the
	 * defaults with {@code kairos.ranking.policy=ucb1}).
	 */
	public static final String SANDBOX_POLICY = "kairos-sandbox:";

	private Learners() {
	}

	/** A fresh in-process learner for a simulated run. */
	public static Learner create(String name, long seed) {
		return create(name, seed, Duration.ofDays(1));
	}

	/**
	 * A fresh in-process learner; {@code halfLife} is recent-popular's (one day in the
	 * simulated worlds, longer for real data).
	 */
	public static Learner create(String name, long seed, Duration halfLife) {
		if (name.startsWith(SANDBOX_POLICY)) {
			// the sandbox serving another policy: kairos-sandbox:ucb1
			return new SandboxLearner(name, seed,
					java.util.Map.of("ranking.policy", name.substring(SANDBOX_POLICY.length())));
		}
		return switch (name) {
			case "random" -> new RandomLearner(seed);
			case "most-popular" -> PopularLearner.mostPopular(seed);
			case "recent-popular" -> PopularLearner.recentPopular(halfLife, seed);
			case "epsilon-greedy" -> new EpsilonGreedyCounts(0.1, seed);
			case "item-to-item" -> CoOccurrenceLearner.itemToItem(seed);
			case "most-viewed-by-user" -> new MostViewedLearner(seed);
			case "viewed-together" -> CoOccurrenceLearner.viewedTogether(seed);
			case "vowpal-wabbit" -> new VowpalWabbitLearner(seed);
			case "kairos-sandbox" -> new SandboxLearner(seed);
			case "bought-before" -> new BoughtBeforeLearner();
			default -> throw new IllegalArgumentException("no in-process learner " + name);
		};
	}

	/**
	 * Whether the learner runs in this world (the organic baselines only where users
	 * browse).
	 */
	public static boolean appliesTo(String name, WorldSpec world) {
		return !ORGANIC_ONLY.contains(name) || world.organicViews() > 0;
	}

}
