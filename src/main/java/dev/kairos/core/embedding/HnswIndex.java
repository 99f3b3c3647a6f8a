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
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
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
 * since it was built) are scanned exactly. The graph is rebuilt in the background when it
 * is old or that tail grows ({@link Settings}).
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
	 * positive
	 * @param maxTailShare the share of retrievable items the index may lack (added since
	 * it was built) before serving rebuilds it, in (0, 1]
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

	/** Per graph node (ordinal), its item. */
	private final String[] ids;

	private final Set<String> members;

	private final OnHeapHnswGraph graph;

	private HnswIndex(Settings settings, long version, long builtAtMillis, long buildNanos, String[] ids,
			OnHeapHnswGraph graph) {
		this.settings = settings;
		this.version = version;
		this.builtAtMillis = builtAtMillis;
		this.buildNanos = buildNanos;
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
		int d = snapshot.dimension();
		int dimension = d + 2;
		List<Integer> rows = new ArrayList<>();
		double maxNorm2 = 0;
		for (int row = 0; row < snapshot.size(); row++) {
			if (snapshot.retrievableRow(row)) {
				rows.add(row);
				maxNorm2 = Math.max(maxNorm2, norm2(snapshot, row));
			}
		}
		int n = rows.size();
		String[] ids = new String[n];
		float[] lifted = new float[n * dimension];
		for (int ord = 0; ord < n; ord++) {
			int row = rows.get(ord);
			ids[ord] = snapshot.idOfRow(row);
			int offset = ord * dimension;
			for (int k = 0; k < d; k++) {
				lifted[offset + k] = snapshot.component(row, k);
			}
			lifted[offset + d] = snapshot.biasOfRow(row);
			lifted[offset + d + 1] = (float) Math.sqrt(Math.max(0, maxNorm2 - norm2(snapshot, row)));
		}
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
		return new HnswIndex(settings, snapshot.version(), nowMillis, System.nanoTime() - start, ids, graph);
	}

	private static double norm2(TowerSnapshot snapshot, int row) {
		double s = (double) snapshot.biasOfRow(row) * snapshot.biasOfRow(row);
		for (int k = 0; k < snapshot.dimension(); k++) {
			double c = snapshot.component(row, k);
			s += c * c;
		}
		return s;
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
