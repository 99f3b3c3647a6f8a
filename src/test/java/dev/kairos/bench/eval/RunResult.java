package dev.kairos.bench.eval;

/**
 * The figures of one run ({@link WorldRun}).
 *
 * @param world the world's name
 * @param learner the learner's name
 * @param client the client behaviour's label
 * @param seed the seed
 * @param requests how many requests
 * @param lastFifth normalized CTR over the last fifth of the requests
 * @param ctrOverOracle the learner's CTR divided by the oracle's over the last fifth
 * @param windows normalized CTR per window
 * @param beforeDrift normalized CTR over the two windows before the drift (null: no
 * drift)
 * @param afterDrift normalized CTR over the first tenth of the run after the drift starts
 * @param recoveredWithin requests after the drift until the end of the first window back
 * at 80% of {@code beforeDrift} (null: no drift, or not within the run)
 * @param newItemShare new items' (in their first 2,000 requests) share of the learner's
 * slots, from the first arrival on (null: no new items)
 * @param oracleNewItemShare the same share in the oracle's slates
 * @param invalidSlots slots with an unknown, not yet arrived or duplicate item, and the
 * slots of empty slates (a failed request); not scored
 * @param clicks clicks drawn
 */
public record RunResult(String world, String learner, String client, long seed, int requests, double lastFifth,
		double ctrOverOracle, double[] windows, Double beforeDrift, Double afterDrift, Double recoveredWithin,
		Double newItemShare, Double oracleNewItemShare, long invalidSlots, long clicks) {
}
