package dev.kairos.core.embedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.InitializedHnswGraphBuilder;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * An approximate index of a {@link TowerSnapshot}'s retrievable items for the largest
 * inner product {@code u·v + b}: a hierarchical navigable small-world graph (Malkov,
 * Yashunin, "Efficient and robust approximate nearest neighbor search using Hierarchical
 * Navigable Small World graphs", IEEE TPAMI 2020), built and searched by Lucene's
 * implementation ({@code org.apache.lucene.util.hnsw}, lucene-core 9.12).
 *
 * <p>
 * <b>Inner product as a distance.</b> HNSW assumes a similarity under which an item is
 * close to itself; the largest inner product is not one (a long vector beats the query's
 * own direction). Each item is therefore lifted to
 * {@code v' = [v, b, sqrt(M² − |v|² − b²)]}, with {@code M} the largest norm of
 * {@code [v, b]}, and the query to {@code u' = [u, 1, 0]}: every item has norm {@code M},
 * so the graph is built under cosine similarity, while {@code u'·v' = u·v + b} is exactly
 * the model's logit (Bachrach et al., "Speeding up the Xbox recommender system using a
 * Euclidean transformation for inner-product spaces", RecSys 2014).
 *
 * <p>
 * <b>Used across versions.</b> A graph over hundreds of thousands of items takes seconds
 * to build, while the worker publishes new vectors every few seconds. So the graph built
 * from one snapshot serves the next ones ({@link TowerSnapshot#withIndex}): only its
 * neighbour lists are kept, and a search walks them scoring each node with the current
 * snapshot's vectors (its logit {@code u·v + b}, which the lift does not change), so what
 * it returns is ranked by the vectors served; the items the graph does not hold (added
 * since it was built) are scanned exactly. When that tail grows the graph is extended by
 * those items ({@link #extend}: the old neighbour lists are kept, the new items
 * inserted), and when it is old it is rebuilt in the background ({@link Settings}).
 *
 * <p>
 * Why Lucene's: a maintained, widely deployed HNSW (Elasticsearch, OpenSearch and Solr
 * search with it) whose graph code needs no index files; it is used here on plain arrays.
 * The graph's neighbour lists are Lucene's; the vectors, the lift and the re-scoring are
 * ours. Immutable once built, safe to search from many threads.
 */
public final class HnswIndex {

	/**
	 * How the graph is built, searched and kept.
	 *
	 * @param minItems the catalogue size from which serving builds an index; below it the
	 * exact scan is used
	 * @param maxConnections HNSW's {@code M}: neighbours per node on the upper levels (2M
	 * on the lowest), 2–512
	 * @param beamWidth the candidate list while building ({@code efConstruction}), ≥ 1
	 * @param searchBeam the candidate list while searching ({@code ef}): how many items
	 * are proposed and scored again, at least the number asked for, ≥ 1
	 * @param rebuildAfterMillis how old an index may grow before serving rebuilds it,
	 * positive (serving also waits four times the last build's duration)
	 * @param maxTailShare the share of retrievable items the index may lack (added since
	 * it was built; scanned exactly meanwhile) before serving extends it by them, in (0,
	 * 1]
	 * @param seed the seed of the graph's levels
	 */
	public record Settings(int minItems, int maxConnections, int beamWidth, int searchBeam, long rebuildAfterMillis,
			double maxTailShare, long seed) {

		/**
		 * The defaults: from 20,000 items, M = 16, ef 100 to build and 200 to search,
		 * rebuilt every minute.
		 */
		public static final Settings DEFAULTS = new Settings(20_000, 16, 100, 200, 60_000, 0.05, 42);

		public Settings {
			if (minItems < 0 || maxConnections < 2 || maxConnections > 512 || beamWidth < 1 || searchBeam < 1) {
				throw new IllegalArgumentException(
						"minItems >= 0, maxConnections in [2, 512], beamWidth >= 1 and searchBeam >= 1 required");
			}
			if (rebuildAfterMillis <= 0 || !(maxTailShare > 0 && maxTailShare <= 1)) {
				throw new IllegalArgumentException("rebuildAfterMillis > 0 and maxTailShare in (0, 1] required");
			}
		}

	}

	private final Settings settings;

	private final long version;

	private final long builtAtMillis;

	private final long buildNanos;

	private final long extendNanos;

	/** Per graph node (ordinal), its item. */
	private final String[] ids;

	private final Set<String> members;

	private final OnHeapHnswGraph graph;

	private HnswIndex(Settings settings, long version, long builtAtMillis, long buildNanos, long extendNanos,
			String[] ids, OnHeapHnswGraph graph) {
		this.settings = settings;
		this.version = version;
		this.builtAtMillis = builtAtMillis;
		this.buildNanos = buildNanos;
		this.extendNanos = extendNanos;
		this.ids = ids;
		this.members = new HashSet<>(List.of(ids));
		this.graph = graph;
	}

	/**
	 * Builds the graph of a snapshot's retrievable items (one thread; seconds for tens of
	 * thousands of items, a minute or more for hundreds of thousands: never on a
	 * request's thread). The lifted vectors are dropped once it is built.
	 * @param snapshot the vectors indexed
	 * @param settings the graph's settings
	 * @param nowMillis the time of the build, to judge its age by
	 */
	public static HnswIndex build(TowerSnapshot snapshot, Settings settings, long nowMillis) {
		long start = System.nanoTime();
		List<String> items = new ArrayList<>();
		for (int row = 0; row < snapshot.size(); row++) {
			if (snapshot.retrievableRow(row)) {
				items.add(snapshot.idOfRow(row));
			}
		}
		String[] ids = items.toArray(String[]::new);
		int n = ids.length;
		int dimension = snapshot.dimension() + 2;
		float[] lifted = lifted(snapshot, ids);
		OnHeapHnswGraph graph;
		try {
			HnswGraphBuilder builder = HnswGraphBuilder.create(new Supplier(lifted, dimension, n),
					settings.maxConnections(), settings.beamWidth(), settings.seed(), n);
			graph = builder.build(n);
		}
		catch (IOException ex) {
			// the scorers read arrays: no input or output happens
			throw new UncheckedIOException(ex);
		}
		long nanos = System.nanoTime() - start;
		return new HnswIndex(settings, snapshot.version(), nowMillis, nanos, 0, ids, graph);
	}

	/**
	 * This graph with a later snapshot's retrievable items that it lacks added to it, the
	 * way a build adds each item (Lucene's {@code InitializedHnswGraphBuilder}: the
	 * neighbour lists are copied, then the new nodes are inserted): a fraction of a full
	 * build's time when few items are new. The existing nodes keep their neighbours, and
	 * the new ones are linked by the later snapshot's vectors (all nodes lifted by them).
	 * This graph is not changed, so requests keep searching it meanwhile. Age and build
	 * time stay the full build's ({@link #builtAtMillis()}, {@link #buildNanos()}): the
	 * neighbour lists of the old nodes are as old as that.
	 * @param snapshot the later vectors
	 * @return the larger index, or this one if it lacks none of the snapshot's
	 * retrievable items
	 */
	public HnswIndex extend(TowerSnapshot snapshot) {
		long start = System.nanoTime();
		List<String> added = new ArrayList<>();
		for (int row = 0; row < snapshot.size(); row++) {
			if (snapshot.retrievableRow(row) && !this.members.contains(snapshot.idOfRow(row))) {
				added.add(snapshot.idOfRow(row));
			}
		}
		if (added.isEmpty()) {
			return this;
		}
		int old = this.ids.length;
		int n = old + added.size();
		String[] ids = java.util.Arrays.copyOf(this.ids, n);
		for (int i = 0; i < added.size(); i++) {
			ids[old + i] = added.get(i);
		}
		float[] lifted = lifted(snapshot, ids);
		int[] sameOrdinals = new int[old];
		for (int ord = 0; ord < old; ord++) {
			sameOrdinals[ord] = ord;
		}
		FixedBitSet initialized = new FixedBitSet(n);
		initialized.set(0, old);
		OnHeapHnswGraph graph;
		try {
			graph = InitializedHnswGraphBuilder
				.fromGraph(new Supplier(lifted, snapshot.dimension() + 2, n), this.settings.maxConnections(),
						this.settings.beamWidth(), this.settings.seed() + old, this.graph, sameOrdinals, initialized, n)
				.build(n);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new HnswIndex(this.settings, snapshot.version(), this.builtAtMillis, this.buildNanos,
				System.nanoTime() - start, ids, graph);
	}

	/**
	 * The vectors of the items as the graph compares them, {@code [v, b, sqrt(M² − |v|² −
	 * b²)]} ({@code M} the largest norm among them); an item the snapshot does not know
	 * gets a vector of norm {@code M} along the lift's axis (it is walked through, never
	 * returned).
	 * <p>
	 * Measured and rejected: a graph built on {@code [v, b]} under the inner product
	 * itself (ip-NSW: Morozov, Babenko, NeurIPS 2018), which Lucene's diversity heuristic
	 * for neighbours is not made for: at 50,000 items it found 2–8% of the exact 50 where
	 * the lifted graph finds 87–98%.
	 */
	private static float[] lifted(TowerSnapshot snapshot, String[] ids) {
		int d = snapshot.dimension();
		int dimension = d + 2;
		int[] rows = new int[ids.length];
		double maxNorm2 = 0;
		for (int ord = 0; ord < ids.length; ord++) {
			rows[ord] = snapshot.rowOf(ids[ord]);
			if (rows[ord] >= 0) {
				maxNorm2 = Math.max(maxNorm2, norm2(snapshot, rows[ord]));
			}
		}
		float[] lifted = new float[ids.length * dimension];
		for (int ord = 0; ord < ids.length; ord++) {
			int row = rows[ord];
			int offset = ord * dimension;
			if (row < 0) {
				lifted[offset + d + 1] = (float) Math.sqrt(maxNorm2);
				continue;
			}
			for (int k = 0; k < d; k++) {
				lifted[offset + k] = snapshot.component(row, k);
			}
			lifted[offset + d] = snapshot.biasOfRow(row);
			lifted[offset + d + 1] = (float) Math.sqrt(Math.max(0, maxNorm2 - norm2(snapshot, row)));
		}
		return lifted;
	}

	private static double norm2(TowerSnapshot snapshot, int row) {
		double s = (double) snapshot.biasOfRow(row) * snapshot.biasOfRow(row);
		for (int k = 0; k < snapshot.dimension(); k++) {
			double c = snapshot.component(row, k);
			s += c * c;
		}
		return s;
	}

	/**
	 * The same graph searched with another beam ({@link Settings#searchBeam()}); no
	 * rebuild.
	 */
	public HnswIndex withSearchBeam(int searchBeam) {
		Settings s = this.settings;
		return new HnswIndex(
				new Settings(s.minItems(), s.maxConnections(), s.beamWidth(), searchBeam, s.rebuildAfterMillis(),
						s.maxTailShare(), s.seed()),
				this.version, this.builtAtMillis, this.buildNanos, this.extendNanos, this.ids, this.graph);
	}

	/** The settings it was built with. */
	public Settings settings() {
		return this.settings;
	}

	/** The version of the snapshot it was built from. */
	public long version() {
		return this.version;
	}

	/** When it was built. */
	public long builtAtMillis() {
		return this.builtAtMillis;
	}

	/** How long its build took, in nanoseconds. */
	public long buildNanos() {
		return this.buildNanos;
	}

	/**
	 * How long the {@link #extend} that made it took, in nanoseconds (0 for a full
	 * build).
	 */
	public long extendNanos() {
		return this.extendNanos;
	}

	/** How many items it holds. */
	public int size() {
		return this.ids.length;
	}

	/** The heap its graph takes, in bytes (Lucene's estimate). */
	public long graphBytes() {
		return this.graph.ramBytesUsed();
	}

	/** Whether it holds the item. */
	public boolean contains(String itemId) {
		return this.members.contains(itemId);
	}

	/** The item of a node. */
	public String itemOf(int node) {
		return this.ids[node];
	}

	/** A node's score for one query: the model's logit of its item. */
	@FunctionalInterface
	public interface NodeScorer {

		double logit(int node);

	}

	/**
	 * Walks the graph for the nodes with the largest logits, approximately.
	 * @param scorer the logit of each node, by the vectors served now
	 * @param count how many, at most (the graph is searched with a candidate list of
	 * {@code max(count, searchBeam)})
	 * @param accepted which nodes may be returned (the others are walked through)
	 * @return the nodes found, best first (up to {@code max(count, searchBeam)})
	 */
	public int[] search(NodeScorer scorer, int count, IntPredicate accepted) {
		if (count <= 0 || this.ids.length == 0) {
			return new int[0];
		}
		int beam = Math.max(count, this.settings.searchBeam());
		int size = this.ids.length;
		Bits accept = new Bits() {
			@Override
			public boolean get(int node) {
				return accepted.test(node);
			}

			@Override
			public int length() {
				return size;
			}
		};
		RandomVectorScorer query = new RandomVectorScorer() {
			@Override
			public float score(int node) {
				return positive((float) scorer.logit(node));
			}

			@Override
			public int maxOrd() {
				return size;
			}
		};
		TopDocs top;
		try {
			top = HnswGraphSearcher.search(query, beam, this.graph, accept, Integer.MAX_VALUE).topDocs();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int[] found = new int[top.scoreDocs.length];
		for (int i = 0; i < found.length; i++) {
			found[i] = top.scoreDocs[i].doc;
		}
		return found;
	}

	/**
	 * Lucene's scaling of an inner product to a positive score, order-preserving
	 * ({@code VectorUtil.scaleMaxInnerProductScore}).
	 */
	static float positive(float dot) {
		return (dot < 0) ? 1 / (1 + -1 * dot) : dot + 1;
	}

	static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
		float s = 0;
		for (int k = 0; k < n; k++) {
			s += a[aOffset + k] * b[bOffset + k];
		}
		return s;
	}

	/** Scores every node against one node, for building. */
	private static final class Scorer implements RandomVectorScorer {

		private final float[] vectors;

		private final int dimension;

		private final int size;

		private final float[] query;

		private final int queryOffset;

		Scorer(float[] vectors, int dimension, int size, float[] query, int queryOffset) {
			this.vectors = vectors;
			this.dimension = dimension;
			this.size = size;
			this.query = query;
			this.queryOffset = queryOffset;
		}

		@Override
		public float score(int node) {
			return positive(dot(this.query, this.queryOffset, this.vectors, node * this.dimension, this.dimension));
		}

		@Override
		public int maxOrd() {
			return this.size;
		}

	}

	/** Scorers of one node against the others, for building. */
	private record Supplier(float[] vectors, int dimension, int size) implements RandomVectorScorerSupplier {

		@Override
		public RandomVectorScorer scorer(int node) {
			return new Scorer(this.vectors, this.dimension, this.size, this.vectors, node * this.dimension);
		}

		@Override
		public RandomVectorScorerSupplier copy() {
			return this;
		}

	}

}
