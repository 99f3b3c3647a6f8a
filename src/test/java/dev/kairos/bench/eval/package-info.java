/**
 * The evaluation suite (test scope): simulated worlds with structural knobs, learners
 * behind one small interface, the runs and metrics, real data replayed in time order, and
 * the command that writes the results table ({@code bench/evaluate.sh}).
 */
package dev.kairos.bench.eval;
