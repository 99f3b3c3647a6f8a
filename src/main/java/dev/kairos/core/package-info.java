/**
 * Plain-Java core of Kairos: the learning and ranking math, free of Spring, Kafka, Redis,
 * Jackson and Micrometer, deterministic in its inputs (statistics, context, the time
 * passed in and a seeded random source).
 */
package dev.kairos.core;
