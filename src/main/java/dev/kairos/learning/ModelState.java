package dev.kairos.learning;

import dev.kairos.core.linalg.LinearStatistics;

/**
 * The shared model as stored: its sufficient statistics and version.
 *
 * @param version incremented by every update; serving reloads when it moves
 * @param statistics the additive statistics (A without λI, b, count)
 * @param frozen whether learning is frozen (updates are not applied)
 */
public record ModelState(long version, LinearStatistics statistics, boolean frozen) {
}
