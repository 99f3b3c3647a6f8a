package dev.kairos.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The join of served slates with the feedback on them, in event time: what the worker
 * learns from. Pure logic over a {@link Store}; the Kafka Streams processor gives it a
 * fault-tolerant store (changelogged, exactly once) and calls it in each partition's
 * order, slates and events of a user sharing a partition.
 *
 * <ul>
 * <li>A slate's items are {@link Observation.Kind#SHOWN shown} when it is served: each
 * counts at once as an observation of reward 0, and its exposure counts in the features,
 * so a client that posts only clicks still teaches what it passed over.</li>
 * <li>An impression of an item no served slate showed (a client's own slate) is
 * {@link Observation.Kind#IMPRESSION_ONLY}: an exposure for the features alone.</li>
 * <li>Feedback (click, view, purchase, skip) names its slate by recommendation id, or is
 * joined to the user's latest open slate that showed the item. The first feedback on an
 * item sets its reward; later feedback only raises it ({@link Observation.Kind#CREDIT}),
 * so a view then a click counts once, as a click, and a repeated event changes
 * nothing.</li>
 * <li>Feedback or an impression that arrives before its slate (the slate is logged
 * asynchronously) is kept and applied when the slate arrives, unless the window has
 * closed by then.</li>
 * <li>A slate's window closes when the partition's event time (the largest timestamp of
 * its slates' request times and its events' timestamps) reaches the slate's request time
 * plus the attribution window, never by the wall clock: a replay learns as live traffic
 * does. Items of a slate whose client reported impressions, but none of the item and no
 * feedback, are {@link Observation.Kind#WITHDRAWN withdrawn}, their exposure with them;
 * held-out slates hand their items to the learning guard.</li>
 * </ul>
 */
public class SlateJoin {

	/** The state the join keeps; writes must be durable with the input's position. */
	public interface Store {

		/** The pending state of a slate, or {@code null}. */
		Pending get(String recommendationId);

		void put(String recommendationId, Pending pending);

		void remove(String recommendationId);

		/** The latest open slate that showed the item to the user, or {@code null}. */
		String latest(String userId, String itemId);

		void putLatest(String userId, String itemId, String recommendationId);

		void removeLatest(String userId, String itemId);

		/** Closes the slate's window at this event time. */
		void schedule(long closesAt, String recommendationId);

		/**
		 * Takes the slates whose window closes at or before this time, in time order, and
		 * forgets them in the schedule.
		 */
		List<String> due(long time);

	}

	/**
	 * What arrived before its slate: an impression ({@code reward} null) or feedback.
	 *
	 * @param itemId the item
	 * @param reward the feedback's reward, or {@code null} for an impression
	 */
	public record Early(String itemId, Double reward) {
	}

	/**
	 * A slate whose window is open, or feedback waiting for its slate.
	 *
	 * @param slate the slate, or {@code null} while only early feedback is known
	 * @param credited per item, the reward credited so far ({@code NaN}: no feedback)
	 * @param seen per item, whether an impression or feedback reported it
	 * @param reported whether the client reported any impression of the slate
	 * @param early what arrived before the slate
	 */
	public record Pending(ServedSlate slate, double[] credited, boolean[] seen, boolean reported, List<Early> early) {

		static Pending of(ServedSlate slate) {
			double[] credited = new double[slate.items().size()];
			Arrays.fill(credited, Double.NaN);
			return new Pending(slate, credited, new boolean[slate.items().size()], false, List.of());
		}

		static Pending early(Early first) {
			return new Pending(null, new double[0], new boolean[0], false, List.of(first));
		}

		Pending withEarly(Early another) {
			List<Early> all = new ArrayList<>(this.early);
			all.add(another);
			return new Pending(null, this.credited, this.seen, this.reported, List.copyOf(all));
		}

		int indexOf(String itemId) {
			List<ServedSlate.ShownItem> items = this.slate.items();
			for (int i = 0; i < items.size(); i++) {
				if (items.get(i).itemId().equals(itemId)) {
					return i;
				}
			}
			return -1;
		}

	}

	private final Store store;

	private final long windowMillis;

	/**
	 * @param store the join's state
	 * @param windowMillis the attribution window, in event time
	 */
	public SlateJoin(Store store, long windowMillis) {
		if (windowMillis <= 0) {
			throw new IllegalArgumentException("the attribution window must be positive: " + windowMillis);
		}
		this.store = store;
		this.windowMillis = windowMillis;
	}

	/**
	 * A served slate: its items are shown, its window opens, and what arrived early is
	 * applied.
	 * @param streamTime the partition's event time, this slate's request time included
	 */
	public void served(ServedSlate slate, long streamTime, Consumer<Observation> out) {
		String id = slate.recommendationId();
		Pending before = this.store.get(id);
		if (before != null && before.slate() != null) {
			return; // the same slate again (a producer retry): already joined
		}
		long closesAt = slate.at().toEpochMilli() + this.windowMillis;
		if (closesAt <= streamTime) {
			return; // its window closed before it arrived: nothing to join any more
		}
		Pending pending = Pending.of(slate);
		for (ServedSlate.ShownItem item : slate.items()) {
			out.accept(observation(Observation.Kind.SHOWN, slate, item, !slate.holdout(), 0, false));
			this.store.putLatest(slate.userId(), item.itemId(), id);
		}
		// early feedback scheduled its own close (its time plus the window); the
		// slate's comes first or is skipped by advance() until due
		this.store.schedule(closesAt, id);
		if (before != null) {
			for (Early early : before.early()) {
				if (early.reward() == null && pending.indexOf(early.itemId()) < 0) {
					out.accept(impressionOnly(slate.userId(), early.itemId(), slate.at().toEpochMilli()));
					continue;
				}
				pending = (early.reward() == null) ? impression(pending, early.itemId())
						: credit(pending, early.itemId(), early.reward(), out);
			}
		}
		this.store.put(id, pending);
	}

	/**
	 * An impression event: the client saw the item. One that names no slate and matches
	 * no open slate of the user, or names a slate that did not show the item, was the
	 * client's own showing ({@link Observation.Kind#IMPRESSION_ONLY}); one that names a
	 * slate not (yet) known waits for it, as feedback does.
	 * @param recommendationId the slate it names, or {@code null}
	 * @param eventTime the event's timestamp
	 */
	public void impression(String userId, String itemId, String recommendationId, long eventTime,
			Consumer<Observation> out) {
		String id = resolve(userId, itemId, recommendationId);
		if (id == null) {
			out.accept(impressionOnly(userId, itemId, eventTime));
			return;
		}
		Pending pending = this.store.get(id);
		if (pending == null || pending.slate() == null) {
			early(id, new Early(itemId, null), eventTime);
			return;
		}
		if (pending.indexOf(itemId) < 0) {
			out.accept(impressionOnly(userId, itemId, eventTime));
			return;
		}
		this.store.put(id, impression(pending, itemId));
	}

	private static Observation impressionOnly(String userId, String itemId, long eventTime) {
		return new Observation(Observation.Kind.IMPRESSION_ONLY, "", "", false, 0, false, new double[0], userId, itemId,
				eventTime, null);
	}

	private static Observation observation(Observation.Kind kind, ServedSlate slate, ServedSlate.ShownItem item,
			boolean learn, double reward, boolean firstPositive) {
		return new Observation(kind, slate.policy(), item.reason(), learn, reward, firstPositive, item.features(),
				slate.userId(), item.itemId(), slate.at().toEpochMilli(), item.exposure(), slate.variant());
	}

	/**
	 * Feedback on an item.
	 * @param recommendationId the slate it names, or {@code null}
	 * @param reward its reward, finite
	 * @param eventTime the event's timestamp
	 */
	public void feedback(String userId, String itemId, String recommendationId, double reward, long eventTime,
			Consumer<Observation> out) {
		if (!Double.isFinite(reward)) {
			throw new IllegalArgumentException("reward must be finite: " + reward);
		}
		String id = resolve(userId, itemId, recommendationId);
		if (id == null) {
			return;
		}
		Pending pending = this.store.get(id);
		if (pending == null || pending.slate() == null) {
			early(id, new Early(itemId, reward), eventTime);
			return;
		}
		this.store.put(id, credit(pending, itemId, reward, out));
	}

	/**
	 * Closes the windows that end at or before the partition's event time.
	 * @return how many slates (or early feedback without a slate) were closed
	 */
	public int advance(long streamTime, Consumer<Observation> out) {
		List<String> due = this.store.due(streamTime);
		int closed = 0;
		for (String id : due) {
			Pending pending = this.store.get(id);
			if (pending == null) {
				continue;
			}
			if (pending.slate() != null && pending.slate().at().toEpochMilli() + this.windowMillis > streamTime) {
				continue; // scheduled again, later (early feedback, then its slate)
			}
			close(id, pending, out);
			closed++;
		}
		return closed;
	}

	private void close(String id, Pending pending, Consumer<Observation> out) {
		ServedSlate slate = pending.slate();
		this.store.remove(id);
		if (slate == null) {
			return; // feedback whose slate never came
		}
		for (int i = 0; i < slate.items().size(); i++) {
			ServedSlate.ShownItem item = slate.items().get(i);
			boolean answered = !Double.isNaN(pending.credited()[i]);
			if (slate.holdout()) {
				out.accept(observation(Observation.Kind.HELD_OUT, slate, item, false,
						answered ? pending.credited()[i] : 0, false));
			}
			else if (pending.reported() && !pending.seen()[i] && !answered) {
				out.accept(observation(Observation.Kind.WITHDRAWN, slate, item, true, 0, false));
			}
			if (id.equals(this.store.latest(slate.userId(), item.itemId()))) {
				this.store.removeLatest(slate.userId(), item.itemId());
			}
		}
	}

	private String resolve(String userId, String itemId, String recommendationId) {
		return (recommendationId != null) ? recommendationId : this.store.latest(userId, itemId);
	}

	private void early(String id, Early early, long eventTime) {
		Pending pending = this.store.get(id);
		if (pending == null) {
			this.store.put(id, Pending.early(early));
			this.store.schedule(eventTime + this.windowMillis, id);
		}
		else {
			this.store.put(id, pending.withEarly(early));
		}
	}

	private static Pending impression(Pending pending, String itemId) {
		int i = pending.indexOf(itemId);
		boolean[] seen = pending.seen().clone();
		if (i >= 0) {
			seen[i] = true;
		}
		return new Pending(pending.slate(), pending.credited(), seen, true, List.of());
	}

	private static Pending credit(Pending pending, String itemId, double reward, Consumer<Observation> out) {
		int i = pending.indexOf(itemId);
		if (i < 0) {
			return pending; // feedback on an item the slate did not show
		}
		ServedSlate slate = pending.slate();
		ServedSlate.ShownItem item = slate.items().get(i);
		double before = pending.credited()[i];
		boolean answered = !Double.isNaN(before);
		if (answered && reward <= before) {
			return pending;
		}
		double credited = answered ? before : 0;
		boolean firstPositive = reward > 0 && credited <= 0;
		double added = reward - credited;
		if (added != 0 || firstPositive) {
			out.accept(observation(Observation.Kind.CREDIT, slate, item, !slate.holdout(), added, firstPositive));
		}
		double[] rewards = pending.credited().clone();
		rewards[i] = reward;
		boolean[] seen = pending.seen().clone();
		seen[i] = true;
		return new Pending(slate, rewards, seen, pending.reported(), List.of());
	}

}
