/**
 * The end-to-end performance suite ({@code bench/perf.sh}): a load generator, probes of
 * Redis and Kafka, and the report comparing each figure with DESIGN.md §8.
 */
package dev.kairos.bench.perf;
