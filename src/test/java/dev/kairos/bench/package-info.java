/**
 * Command-line evaluation and benchmarks (test scope): Open Bandit Dataset loader, Vowpal
 * Wabbit peer, policy table.
 */
package dev.kairos.bench;
