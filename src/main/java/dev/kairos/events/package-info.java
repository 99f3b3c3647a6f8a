/**
 * POST /events: the event model, its validation and the port to the durable event log.
 */
package dev.kairos.events;
