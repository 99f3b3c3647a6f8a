package dev.kairos.bench.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a learner served, for counting its own slates as exposures at serve time (a
 * learner knows what it showed) as Kairos's worker does: an impression the client reports
 * of a served item is already counted; when the event time passes a slate's time plus the
 * window, the items of a slate whose client reported impressions, but not of them, are
 * handed back to be withdrawn. A client that posts only clicks reports none, and every
 * served item stays counted.
 */
final class ServedSlates {

	private final Duration window;

	private final Map<String, Open> open = new LinkedHashMap<>();

	/** A served slate still open. */
	record Open(String userId, Instant at, List<String> items, Set<String> reported) {
	}

	ServedSlates(Duration window) {
		this.window = window;
	}

	/** Remembers a slate served now. */
	void serve(Learner.Slate slate, Learner.Request request) {
		this.open.put(slate.recommendationId(),
				new Open(request.userId(), request.at(), List.copyOf(slate.itemIds()), new HashSet<>()));
	}

	/**
	 * Whether an impression is of a served item of an open slate (and so counted
	 * already); notes it as reported.
	 */
	boolean reported(Learner.Event impression) {
		Open slate = (impression.recommendationId() != null) ? this.open.get(impression.recommendationId()) : null;
		if (slate == null || !slate.items().contains(impression.itemId())) {
			return false;
		}
		slate.reported().add(impression.itemId());
		return true;
	}

	/** What is done with an item withdrawn. */
	interface Withdraw {

		void item(Open slate, String itemId);

	}

	/** Closes the slates whose window ended by {@code now}. */
	void close(Instant now, Withdraw withdraw) {
		Iterator<Open> it = this.open.values().iterator();
		while (it.hasNext()) {
			Open slate = it.next();
			if (slate.at().plus(this.window).isAfter(now)) {
				break;
			}
			if (!slate.reported().isEmpty()) {
				for (String item : slate.items()) {
					if (!slate.reported().contains(item)) {
						withdraw.item(slate, item);
					}
				}
			}
			it.remove();
		}
	}

}
