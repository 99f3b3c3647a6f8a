package dev.kairos.core.bandit;

/**
 * What a policy says about one candidate in one round.
 *
 * @param id the candidate's id
 * @param expectedReward the model's estimate of the reward (exploitation term)
 * @param explorationBonus the exploration term (confidence width, sampled deviation,
 * ...), zero for policies without one
 * @param score the value the policy ranked by in this round
 * @param propensity probability that the policy puts this candidate in the slate in this
 * round, given the same statistics (1 or 0 for deterministic policies)
 */
public record ArmScore(String id, double expectedReward, double explorationBonus, double score, double propensity) {
}
