/**
 * The embedded default: a real Kafka broker and a real redis-server started for the
 * application.
 */
package dev.kairos.embedded;
