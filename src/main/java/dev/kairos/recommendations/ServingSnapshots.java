package dev.kairos.recommendations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.kairos.core.embedding.HnswIndex;
import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.AffinityLift;
import dev.kairos.core.ranking.CatalogueItem;
import dev.kairos.core.ranking.CatalogueLists;
import dev.kairos.core.ranking.ClockIntensity;
import dev.kairos.core.ranking.CoOccurrences;
import dev.kairos.core.ranking.ItemCatalogue;
import dev.kairos.events.EventType;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.ItemFeatures;
import dev.kairos.features.RankedList;
import dev.kairos.features.RankedList.Kind;
import dev.kairos.learning.ServingModel;
import dev.kairos.learning.TowerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link ServingSnapshot} of this API instance: built from the store off the
 * request path and swapped in whole (one volatile reference), so a request reads it
 * without a lock and without a round trip.
 *
 * <p>
 * What moves it:
 * <ul>
 * <li><b>Pushed changes</b> ({@link SnapshotChanges}): the worker names the items each
 * batch changed, the catalogue the item each write changed with the catalogue version it
 * made. Their features and co-clicked lists are read again (one pipelined round trip) and
 * the catalogue and its ranked lists updated where they changed ({@link CatalogueLists}),
 * at most every {@code minInterval}. A change made by this process (a retired item) is
 * applied before its call returns.</li>
 * <li><b>A background tick</b> every {@code tick}: the model's version on a timer of its
 * own (a new posterior when it moved, {@link ServingModel#refresh()}), the catalogue
 * version (a full rebuild if a change was stored whose notice did not arrive), the global
 * Interest Clock and the population's base rate (every second).</li>
 * <li><b>A full rebuild</b> every {@code fullRefresh}, whatever was or was not
 * noticed.</li>
 * </ul>
 * Each API instance keeps its own snapshot; nothing here is shared between instances.
 */
public final class ServingSnapshots implements SnapshotChanges.Listener, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ServingSnapshots.class);

	/** Items read from the store per pipeline in a full rebuild. */
	static final int CHUNK = 2_000;

	static final long GLOBAL_REFRESH_MILLIS = 1_000;

	private final FeatureStore store;

	private final FeatureSettings settings;

	private final ServingModel model;

	private final SnapshotChanges changes;

	private final int listLength;

	private final Duration tick;

	private final Duration fullRefresh;

	private final Duration minInterval;

	private final ScheduledExecutorService executor;

	private final AtomicReference<ServingSnapshot> current;

	/**
	 * The model's own timer, so that a slow refresh of items never delays a new model.
	 */
	private final ScheduledExecutorService modelExecutor;

	/** Items whose notice arrived and that were not read again yet. */
	private final Set<String> pending = ConcurrentHashMap.newKeySet();

	/** Catalogue versions noticed above the snapshot's. */
	private final Set<Long> noticedVersions = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private volatile boolean subscribed;

	/** The two-tower model last loaded, or {@code null}. */
	private volatile TowerSnapshot towers;

	private long lastFullMillis;

	private long lastGlobalMillis;

	private long lastPartialMillis;

	private boolean behind;

	/**
	 * The ranked lists of the current snapshot's catalogue, kept for the next partial
	 * refresh (guarded by this object).
	 */
	private final CatalogueLists lists;

	/**
	 * @param store the store read
	 * @param settings the feature settings (the base rate)
	 * @param model the serving model, refreshed here
	 * @param changes the notices of changes
	 * @param listLength how many items each ranked list keeps
	 * @param tick how often the versions are checked
	 * @param fullRefresh how often the snapshot is rebuilt in full
	 * @param minInterval the shortest time between two refreshes by notices
	 */
	public ServingSnapshots(FeatureStore store, FeatureSettings settings, ServingModel model, SnapshotChanges changes,
			int listLength, Duration tick, Duration fullRefresh, Duration minInterval) {
		this.store = store;
		this.settings = settings;
		this.model = model;
		this.changes = changes;
		this.listLength = listLength;
		this.lists = new CatalogueLists(listLength);
		this.tick = tick;
		this.fullRefresh = fullRefresh;
		this.minInterval = minInterval;
		this.current = new AtomicReference<>(new ServingSnapshot(ItemCatalogue.EMPTY, null, ClockIntensity.of(null), 0,
				AffinityLift.NONE, model.current(), -1, 0, null));
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "kairos-snapshot"));
		this.modelExecutor = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "kairos-model"));
	}

	/**
	 * Subscribes, builds the first snapshot (if the store answers) and starts the tick.
	 */
	public void start() {
		this.subscribed = this.changes.subscribe(this);
		try {
			this.model.refresh();
		}
		catch (RuntimeException ex) {
			log.warn("Could not load the serving model yet: {}", ex.getMessage());
		}
		try {
			rebuild();
		}
		catch (RuntimeException ex) {
			log.warn("Could not build the serving snapshot yet: {}", ex.getMessage());
		}
		this.executor.scheduleWithFixedDelay(this::tick, this.tick.toMillis(), this.tick.toMillis(),
				TimeUnit.MILLISECONDS);
		this.modelExecutor.scheduleWithFixedDelay(this::refreshModel, this.tick.toMillis(), this.tick.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
		this.modelExecutor.shutdownNow();
		this.indexExecutor.shutdownNow();
	}

	/** The snapshot to serve from. */
	public ServingSnapshot current() {
		return this.current.get();
	}

	/** The source of the two-tower vectors, once {@link #serveTowers} named one. */
	private volatile TowerStore towerStore;

	/** How the HNSW index is kept, or {@code null} for the exact scan at any size. */
	private volatile HnswIndex.Settings indexSettings;

	/** The latest HNSW index built, or {@code null}. */
	private volatile HnswIndex index;

	/** The towers as loaded, before an index is attached. */
	private TowerSnapshot loadedTowers;

	private final AtomicBoolean indexing = new AtomicBoolean();

	/** Builds the HNSW index, off the request and refresh threads, at low priority. */
	private final ExecutorService indexExecutor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = daemon(task, "kairos-towers-index");
		thread.setPriority(Thread.MIN_PRIORITY);
		return thread;
	});

	/** Proof that serving reads the two-tower vectors (a bean to depend on). */
	public record TowerServing(TowerStore store) {
	}

	/**
	 * Serves the two-tower vectors published in a store: their version is checked on the
	 * model's timer and a new snapshot swapped in when it moves.
	 */
	public TowerServing serveTowers(TowerStore store) {
		return serveTowers(store, null);
	}

	/**
	 * Serves the two-tower vectors published in a store, retrieving through an HNSW index
	 * ({@link HnswIndex}) once they hold {@code index.minItems()} retrievable items: the
	 * index is built in the background from the vectors loaded, attached to every later
	 * version, extended when it lacks more than {@code index.maxTailShare()} of the
	 * retrievable items, and rebuilt when it is older than
	 * {@code index.rebuildAfterMillis()} (and four times its build's duration). Until the
	 * first is built, retrieval scans.
	 * @param index the index's settings, or {@code null} to scan at any size
	 */
	public TowerServing serveTowers(TowerStore store, HnswIndex.Settings index) {
		this.indexSettings = index;
		this.towerStore = store;
		return new TowerServing(store);
	}

	/** Serves loaded towers, with the latest index attached if they are large enough. */
	private synchronized TowerSnapshot swapTowers(TowerSnapshot loaded) {
		this.loadedTowers = loaded;
		HnswIndex.Settings settings = this.indexSettings;
		HnswIndex latest = this.index;
		TowerSnapshot served = (settings != null && latest != null && loaded.retrievableItems() >= settings.minItems())
				? loaded.withIndex(latest) : loaded;
		this.towers = served;
		this.current.updateAndGet((s) -> (s.towers() == served) ? s : s.withTowers(served));
		return served;
	}

	/**
	 * Starts a build of the index if the towers served call for one and none runs: a full
	 * build when there is none or it is due again ({@link #rebuildAfterMillis}),
	 * otherwise an extension by the items it lacks once they are more than
	 * {@code index.maxTailShare()} of the retrievable ones ({@link HnswIndex#extend}).
	 * Either runs in the background while requests search the index before it.
	 */
	private void maybeIndex(TowerSnapshot served, long nowMillis) {
		HnswIndex.Settings settings = this.indexSettings;
		if (settings == null || served.retrievableItems() < settings.minItems()) {
			return;
		}
		HnswIndex latest = served.index();
		boolean rebuild = latest == null || nowMillis - latest.builtAtMillis() >= rebuildAfterMillis(latest, settings);
		boolean extend = served.unindexed() > settings.maxTailShare() * served.retrievableItems();
		if (!(rebuild || extend) || !this.indexing.compareAndSet(false, true)) {
			return;
		}
		this.indexExecutor.execute(() -> {
			try {
				TowerSnapshot source;
				synchronized (this) {
					source = this.loadedTowers;
				}
				HnswIndex previous = this.index;
				HnswIndex built = (rebuild || previous == null)
						? HnswIndex.build(source, settings, System.currentTimeMillis()) : previous.extend(source);
				this.index = built;
				synchronized (this) {
					swapTowers(this.loadedTowers);
				}
				if (built.extendNanos() > 0) {
					log.info("Extended the HNSW index to two-tower version {} ({} items) in {} ms", built.version(),
							built.size(), built.extendNanos() / 1_000_000);
				}
				else {
					log.info("Built the HNSW index of two-tower version {} ({} items) in {} ms", built.version(),
							built.size(), built.buildNanos() / 1_000_000);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not build the HNSW index: {}", ex.getMessage());
			}
			finally {
				this.indexing.set(false);
			}
		});
	}

	/**
	 * How old an index may grow before it is rebuilt: the configured interval, and never
	 * less than four times its own build's duration, so that a build that takes longer
	 * than the interval (minutes at 500,000 items) leaves the core free three quarters of
	 * the time instead of rebuilding back to back.
	 */
	static long rebuildAfterMillis(HnswIndex index, HnswIndex.Settings settings) {
		return Math.max(settings.rebuildAfterMillis(), 4 * (index.buildNanos() / 1_000_000));
	}

	/** The HNSW index last built, or {@code null} (for tests and operations). */
	public HnswIndex index() {
		return this.index;
	}

	/** Swaps in new two-tower vectors if their published version moved. */
	void refreshTowers() {
		TowerStore store = this.towerStore;
		if (store == null) {
			return;
		}
		try {
			TowerSnapshot loaded = this.towers;
			long version = store.version();
			if (version < 0 || (loaded != null && loaded.version() == version)) {
				return;
			}
			TowerSnapshot next = store.load();
			if (next != null) {
				TowerSnapshot served = swapTowers(next);
				log.debug("Serving two-tower vectors version {} ({} items)", next.version(), next.size());
				maybeIndex(served, System.currentTimeMillis());
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not refresh the two-tower vectors: {}", ex.getMessage());
		}
	}

	/** Swaps in a new model if its stored version moved, keeping everything else. */
	void refreshModel() {
		refreshTowers();
		try {
			if (this.model.refresh()) {
				ServingModel.Version newest = this.model.current();
				this.current.updateAndGet((s) -> (s.model() == newest) ? s : s.withModel(newest));
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not refresh the serving model: {}", ex.getMessage());
		}
	}

	@Override
	public void itemsChanged(Collection<String> itemIds, long catalogueVersion, boolean local) {
		this.pending.addAll(itemIds);
		if (catalogueVersion >= 0) {
			this.noticedVersions.add(catalogueVersion);
		}
		if (local) {
			try {
				applyPending();
			}
			catch (RuntimeException ex) {
				log.debug("Could not apply a local change to the serving snapshot: {}", ex.getMessage());
			}
			return;
		}
		if (this.scheduled.compareAndSet(false, true)) {
			long wait = Math.max(0, this.lastPartialMillis + this.minInterval.toMillis() - System.currentTimeMillis());
			this.executor.schedule(() -> {
				this.scheduled.set(false);
				try {
					applyPending();
				}
				catch (RuntimeException ex) {
					log.debug("Could not refresh the serving snapshot: {}", ex.getMessage());
				}
			}, wait, TimeUnit.MILLISECONDS);
		}
	}

	void tick() {
		try {
			if (!this.subscribed) {
				this.subscribed = this.changes.subscribe(this);
			}
			long now = System.currentTimeMillis();
			ServingSnapshot snapshot = this.current.get();
			if (!snapshot.ready() || now - this.lastFullMillis >= this.fullRefresh.toMillis()) {
				rebuild();
				return;
			}
			applyPending();
			long stored = this.store.catalogueVersion();
			if (stored > this.current.get().catalogueVersion()) {
				// a change stored whose notice has not arrived: wait one tick for it
				if (this.behind) {
					rebuild();
					return;
				}
				this.behind = true;
			}
			else {
				this.behind = false;
			}
			if (now - this.lastGlobalMillis >= GLOBAL_REFRESH_MILLIS) {
				refreshGlobal();
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not refresh the serving snapshot: {}", ex.getMessage());
		}
	}

	/** Rebuilds the whole snapshot from the store. */
	synchronized void rebuild() {
		long now = System.currentTimeMillis();
		long version = this.store.catalogueVersion();
		List<String> ids = this.store.top(List.of(RankedList.global(Kind.NEW)), Integer.MAX_VALUE)
			.getOrDefault(RankedList.global(Kind.NEW), List.of());
		Map<String, CatalogueItem> items = new HashMap<>(ids.size() * 2);
		Map<String, CoOccurrences> coClicked = new HashMap<>();
		for (int from = 0; from < ids.size(); from += CHUNK) {
			List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
			read(chunk, items, coClicked);
		}
		InterestClock clock = this.store.globalClock(now);
		FeatureStore.Population population = this.store.population();
		this.pending.clear();
		this.noticedVersions.removeIf((v) -> v <= version);
		swap(build(items, coClicked, clock, this.settings.baseRate(population), population.affinityLift(), version, now)
			.withRepeatCounts(population.repeats()));
		this.lastFullMillis = now;
		this.lastGlobalMillis = now;
		this.behind = false;
	}

	/** Reads the noticed items again and recomputes the lists. */
	synchronized void applyPending() {
		if (this.pending.isEmpty()) {
			return;
		}
		ServingSnapshot snapshot = this.current.get();
		if (!snapshot.ready()) {
			return;
		}
		List<String> ids = new ArrayList<>(this.pending);
		this.pending.removeAll(ids);
		Set<Long> versions = new TreeSet<>(this.noticedVersions);
		Map<String, CatalogueItem> read = new HashMap<>();
		Map<String, CoOccurrences> coClicked = new HashMap<>();
		read(ids, read, coClicked);
		// the catalogue updated where it changed: unchanged items keep their slots
		long started = System.nanoTime();
		Map<String, CatalogueItem> changed = new HashMap<>();
		for (String id : ids) {
			changed.put(id, read.get(id));
		}
		ItemCatalogue catalogue;
		try {
			catalogue = this.lists.updated(snapshot.catalogue(), changed, coClicked);
		}
		catch (RuntimeException ex) {
			// the kept lists may be half updated: the next tick rebuilds in full
			this.lastFullMillis = 0;
			throw ex;
		}
		log.debug("Updated the serving catalogue for {} items read again in {} us", ids.size(),
				(System.nanoTime() - started) / 1_000);
		// the highest version up to which every change was applied
		long version = snapshot.catalogueVersion();
		for (long v : versions) {
			if (v <= version) {
				this.noticedVersions.remove(v);
			}
			else if (v == version + 1) {
				version = v;
				this.noticedVersions.remove(v);
			}
		}
		long now = System.currentTimeMillis();
		swap(new ServingSnapshot(catalogue, snapshot.globalClock(), snapshot.globalIntensity(), snapshot.baseRate(),
				snapshot.affinityLift(), this.model.current(), version, snapshot.builtAtMillis(), this.towers,
				snapshot.repeatCounts()));
		this.lastPartialMillis = now;
	}

	private synchronized void refreshGlobal() {
		long now = System.currentTimeMillis();
		InterestClock clock = this.store.globalClock(now);
		FeatureStore.Population population = this.store.population();
		ServingSnapshot s = this.current.get();
		swap(new ServingSnapshot(s.catalogue(), clock, ClockIntensity.of(clock), this.settings.baseRate(population),
				population.affinityLift(), s.model(), s.catalogueVersion(), s.builtAtMillis(), s.towers(),
				population.repeats()));
		this.lastGlobalMillis = now;
	}

	/** Reads items (the recommendable ones) and their co-clicked lists. */
	private void read(List<String> ids, Map<String, CatalogueItem> items, Map<String, CoOccurrences> coClicked) {
		Map<String, ItemFeatures> features = this.store.items(ids);
		Map<String, CoOccurrences> partners = this.store.coOccurrences(ids, this.listLength);
		for (String id : ids) {
			ItemFeatures item = features.get(id);
			if (item != null && item.recommendable()) {
				items.put(id, catalogueItem(item));
				CoOccurrences p = partners.get(id);
				if (p != null && !p.partners().isEmpty()) {
					coClicked.put(id, p);
				}
			}
		}
	}

	/**
	 * Swaps in a snapshot built by this class's (serialised) writers, with whatever model
	 * is newest: the model's timer may have moved it while this one was built (it swaps
	 * with a compare-and-set, so it never undoes this swap either).
	 */
	private synchronized void swap(ServingSnapshot next) {
		this.current.set(next);
		// after the set: a model the timer swapped in meanwhile is not lost
		this.current.updateAndGet((s) -> (s.model() == this.model.current()) ? s : s.withModel(this.model.current()));
		TowerSnapshot towers = this.towers;
		this.current.updateAndGet((s) -> (s.towers() == towers) ? s : s.withTowers(towers));
	}

	private static CatalogueItem catalogueItem(ItemFeatures item) {
		return new CatalogueItem(item.itemId(), item.category(),
				(item.createdAt() != null) ? item.createdAt().toEpochMilli() : Long.MIN_VALUE,
				item.count(EventType.CLICK), item.count(EventType.IMPRESSION), item.exposure(), item.popularityLogSum(),
				item.trendingLogSum(), item.description());
	}

	/**
	 * A snapshot of these items and co-occurrence lists: the catalogue in slots, with the
	 * ranked lists computed from the items (and kept for the next partial refresh).
	 */
	private ServingSnapshot build(Map<String, CatalogueItem> items, Map<String, CoOccurrences> coClicked,
			InterestClock clock, double baseRate, AffinityLift affinityLift, long version, long builtAt) {
		ItemCatalogue built = this.lists.built(items.values(), coClicked);
		return new ServingSnapshot(built, clock, ClockIntensity.of(clock), baseRate, affinityLift, this.model.current(),
				version, Math.max(1, builtAt), this.towers);
	}

}
