/** Ranking building blocks: blends, cold start, diversity, tie-breaks. */
package dev.kairos.core.ranking;
