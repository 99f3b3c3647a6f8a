package dev.kairos.learning;

import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.embedding.TowerTrainer;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.ItemDescription;
import dev.kairos.events.InteractionEvent;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.ItemFeatures;
import dev.kairos.features.RankedList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side of the two-tower model: feeds the {@link TowerTrainer} with the
 * served slates and events the listener reads (registering each item's content from the
 * catalogue before its first event), keeps every catalogue item registered (so that a new
 * item has its content's vector before its first click), and publishes snapshots of the
 * vectors ({@link TowerStore}) at most every {@code publishInterval}, when something
 * changed.
 *
 * <p>
 * Every worker trains on the whole stream (the listener's group is its own, and starts
 * from the earliest retained record), so workers need no coordination: each holds the
 * same model up to the order in which partitions interleave, and the snapshot published
 * last is served. Thread-safe: the listener and the publishing timer call it.
 */
public class TowerLearning {

	private static final Logger log = LoggerFactory.getLogger(TowerLearning.class);

	private final TowerTrainer trainer;

	private final FeatureStore store;

	private final TowerStore towers;

	private final ZoneId zone;

	private final long publishIntervalMillis;

	/** Items that may be retrieved: recommendable when last read. */
	private final Set<String> servable = new HashSet<>();

	private long catalogueVersion = -1;

	private long publishedUpdates = -1;

	private int publishedItems = -1;

	private long lastPublishMillis;

	private boolean changed;

	public TowerLearning(TowerTrainer trainer, FeatureStore store, TowerStore towers, ZoneId zone,
			long publishIntervalMillis) {
		this.trainer = trainer;
		this.store = store;
		this.towers = towers;
		this.zone = zone;
		this.publishIntervalMillis = publishIntervalMillis;
	}

	private java.util.concurrent.ScheduledExecutorService timer;

	/**
	 * Starts the timer that keeps the catalogue registered and publishes when due (every
	 * publish interval, at least every second).
	 */
	public void start() {
		this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "kairos-towers");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(100, Math.min(1_000, this.publishIntervalMillis));
		this.timer.scheduleWithFixedDelay(() -> maintain(System.currentTimeMillis()), 0, period,
				java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	/** Stops the timer. */
	public void close() {
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
	}

	/**
	 * A served slate: its items become the user's shown items, and count as shown in the
	 * neural-linear layer with the vectors they were scored with.
	 */
	public synchronized void served(ServedSlate slate) {
		List<String> items = slate.items().stream().map(ServedSlate.ShownItem::itemId).toList();
		register(items);
		this.trainer.served(slate.userId(), items, slate.items().stream().map(ServedSlate.ShownItem::features).toList(),
				InterestClock.hourOfDay(slate.at(), this.zone));
		this.changed = true;
	}

	/** Events, in log order. */
	public synchronized void events(List<InteractionEvent> events) {
		register(events.stream().map(InteractionEvent::itemId).toList());
		for (InteractionEvent e : events) {
			double hour = InterestClock.hourOfDay(e.timestamp(), this.zone);
			switch (e.type()) {
				case CLICK, PURCHASE -> this.trainer.positive(e.userId(), e.itemId(), hour);
				case VIEW -> this.trainer.viewed(e.userId(), e.itemId());
				case SKIP -> this.trainer.skipped(e.userId(), e.itemId(), hour);
				case IMPRESSION -> this.trainer.impression(e.userId(), e.itemId());
			}
		}
		this.changed |= !events.isEmpty();
	}

	/** Registers the items not registered yet, from the catalogue (one round trip). */
	private void register(Collection<String> itemIds) {
		Set<String> unknown = new LinkedHashSet<>();
		for (String id : itemIds) {
			if (!this.trainer.knows(id)) {
				unknown.add(id);
			}
		}
		if (!unknown.isEmpty()) {
			register(this.store.items(unknown));
		}
	}

	private void register(Map<String, ItemFeatures> items) {
		for (ItemFeatures item : items.values()) {
			if (item.category() == null) {
				continue;
			}
			ItemDescription d = item.description();
			this.trainer.register(item.itemId(), item.category(), d.tags(), d.numbers(), d.strings());
			if (item.recommendable()) {
				this.servable.add(item.itemId());
			}
			else {
				this.servable.remove(item.itemId());
			}
			this.changed = true;
		}
	}

	/**
	 * Reads the catalogue again if it changed (every item: new ones, new content, retired
	 * ones), then publishes if due. Called by a timer.
	 */
	public synchronized void maintain(long nowMillis) {
		try {
			long version = this.store.catalogueVersion();
			if (version != this.catalogueVersion) {
				List<String> ids = this.store.top(List.of(RankedList.global(RankedList.Kind.NEW)), Integer.MAX_VALUE)
					.getOrDefault(RankedList.global(RankedList.Kind.NEW), List.of());
				for (int from = 0; from < ids.size(); from += 2_000) {
					register(this.store.items(ids.subList(from, Math.min(ids.size(), from + 2_000))));
				}
				this.catalogueVersion = version;
			}
			publishIfDue(nowMillis);
		}
		catch (RuntimeException ex) {
			log.warn("Could not maintain the two-tower model: {}", ex.getMessage());
		}
	}

	/** Publishes a snapshot if something changed and the last is old enough. */
	public synchronized boolean publishIfDue(long nowMillis) {
		if (!this.changed || nowMillis - this.lastPublishMillis < this.publishIntervalMillis) {
			return false;
		}
		long updates = this.trainer.model().updates();
		TowerSnapshot snapshot = this.trainer.snapshot(this.towers.nextVersion(), this.servable::contains);
		if (updates == this.publishedUpdates && snapshot.size() == this.publishedItems && !this.changed) {
			return false;
		}
		this.towers.publish(snapshot);
		this.publishedUpdates = updates;
		this.publishedItems = snapshot.size();
		this.lastPublishMillis = nowMillis;
		this.changed = false;
		log.debug("Published two-tower vectors version {} ({} items, {} updates)", snapshot.version(), snapshot.size(),
				updates);
		return true;
	}

	/** The trainer, for its counts. */
	public TowerTrainer trainer() {
		return this.trainer;
	}

}
