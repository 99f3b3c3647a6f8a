package dev.kairos.features;

import java.util.Map;

/**
 * Where the event log ends now. Erasing a user records it, so that the user's events
 * accepted before the erasure, still on their way to the worker, are taken as applied
 * already and change nothing.
 */
public interface EventLogPosition {

	/**
	 * Per partition of the events topic, the offset of its latest event (-1 if empty).
	 * @throws dev.kairos.events.EventLogUnavailableException if the log does not answer
	 * in time
	 */
	Map<Integer, Long> latest();

}
