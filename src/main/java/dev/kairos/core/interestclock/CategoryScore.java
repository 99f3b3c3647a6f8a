package dev.kairos.core.interestclock;

/**
 * A category and its score at some hour (a preference or a probability, as the producing
 * method says).
 *
 * @param category the category
 * @param score its score
 */
public record CategoryScore(String category, double score) {
}
