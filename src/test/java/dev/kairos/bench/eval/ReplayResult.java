package dev.kairos.bench.eval;

import java.util.Map;

/**
 * The figures of one replay ({@link Replay}).
 *
 * @param dataset the data set
 * @param learner the learner
 * @param warmUpSteps steps posted before scoring
 * @param scored steps scored
 * @param hitRate HitRate@10
 * @param mrr MRR@10
 * @param consumedShare share of recommended slots holding an item the user had already
 * clicked or bought
 * @param items items in the data set's catalogue
 * @param refusedItems items the service refused (Kairos over HTTP only)
 * @param refusedEvents events the service refused
 * @param failedRequests recommendation requests that failed
 * @param refusals refusals and failures by status and reason
 * @param newItemSteps scored steps with a target less than {@value Replay#NEW_ITEM_DAYS}
 * days old at the step's time
 * @param newItemHitRate HitRate@10 over those steps, counting only such targets as hits
 */
public record ReplayResult(String dataset, String learner, int warmUpSteps, long scored, double hitRate, double mrr,
		double consumedShare, int items, long refusedItems, long refusedEvents, long failedRequests,
		Map<String, Integer> refusals, long newItemSteps, double newItemHitRate) {
}
