package dev.kairos.learning;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Closes the attribution windows of served slates once a second: their items that got no
 * feedback are learned with reward 0. Any number of workers may run it; each slate is
 * closed once, atomically.
 */
public class AttributionWindows {

	private static final Logger log = LoggerFactory.getLogger(AttributionWindows.class);

	private static final int BATCH = 20;

	private final ModelStore store;

	private final Clock clock;

	public AttributionWindows(ModelStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${kairos.learning.close-interval:1s}")
	public void closeExpired() {
		try {
			while (this.store.closeExpired(this.clock.millis(), BATCH) == BATCH) {
				// more are due
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not close attribution windows: {}", ex.getMessage());
		}
	}

}
