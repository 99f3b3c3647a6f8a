/**
 * Small statistical building blocks shared by features and learning: decayed sums,
 * smoothed rates.
 */
package dev.kairos.core.stats;
