/**
 * Bandit policies behind {@link dev.kairos.core.bandit.BanditPolicy}, one per file, with
 * their per-arm statistics.
 */
package dev.kairos.core.bandit;
