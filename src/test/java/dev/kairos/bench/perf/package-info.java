/**
 * The end-to-end performance suite ({@code bench/perf.sh}): a load generator, probes of
 * Redis and Kafka, and the report comparing each figure with the targets in
 * docs/targets.md.
 */
package dev.kairos.bench.perf;
