/**
 * The Kafka adapter: the event log producer, the worker listener, error handling, the
 * embedded broker.
 */
package dev.kairos.kafka;
