package dev.kairos.events;

/** The event log could not acknowledge events in time. */
public class EventLogUnavailableException extends RuntimeException {

	public EventLogUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
