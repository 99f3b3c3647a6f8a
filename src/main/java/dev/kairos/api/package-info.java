/**
 * HTTP cross-cutting concerns: problem documents, body limits, API keys and rate limits.
 */
package dev.kairos.api;
