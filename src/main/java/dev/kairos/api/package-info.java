/**
 * HTTP cross-cutting concerns: problem documents, body limits (later: API keys, OpenAPI).
 */
package dev.kairos.api;
