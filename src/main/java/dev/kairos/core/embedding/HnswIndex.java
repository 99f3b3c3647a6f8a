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
 * <b>Graphs by norm.</b> One lift for every item may fail when norms are skewed, as they
 * are when most items were never clicked (a content-only vector is short, a clicked
 * item's long): the short ones all point along the lift's axis and the queries are
 * orthogonal to it; at 500,000 items one graph found only 71% of the exact 50 with a beam
 * of 200 (83% with 400). So the items can be sorted by norm and cut into parts of at most
 * {@link Settings#partItems()}, each with its own graph and its own {@code M} (the
 * norm-ranging of Yan et al., "Norm-Ranging LSH for Maximum Inner Product Search",
 * NeurIPS 2018, on graphs); a query searches each part and keeps the best. A part whose
 * largest norm cannot beat the k-th logit found so far ({@code u'·v' ≤ |u'|·|v'|}, by the
 * current vectors) is skipped. Measured at 500,000 items, five parts found about as much
 * as one graph (72% at ef 200, 83% at 400) for more build and query time: the norms' skew
 * is not what loses recall there, so by default one graph holds up to a million items.
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
	 * @param searchBeam the candidate list while searching ({@code ef}) each part: how
	 * many items are proposed and scored again, at least the number asked for, ≥ 1
	 * @param partItems the most items one graph holds: more are cut by norm into parts of
	 * equal size, ≥ 1
	 * @param rebuildAfterMillis how old an index may grow before serving rebuilds it,
	 * positive (serving also waits four times the last build's duration)
	 * @param maxTailShare the share of retrievable items the index may lack (added since
	 * it was built; scanned exactly meanwhile) before serving extends it by them, in (0,
	 * 1]
	 * @param seed the seed of the graph's levels
	 */
	public record Settings(int minItems, int maxConnections, int beamWidth, int searchBeam, int partItems,
			long rebuildAfterMillis, double maxTailShare, long seed) {

		/**
		 * The defaults: from 20,000 items, M = 16, ef 100 to build and 200 to search, one
		 * graph up to 1,000,000 items, rebuilt every minute.
		 */
		public static final Settings DEFAULTS = new Settings(20_000, 16, 100, 200, 1_000_000, 60_000, 0.05, 42);

		public Settings {
			if (minItems < 0 || maxConnections < 2 || maxConnections > 512 || beamWidth < 1 || searchBeam < 1
					|| partItems < 1) {
				throw new IllegalArgumentException(
						"minItems >= 0, maxConnections in [2, 512], beamWidth, searchBeam and partItems >= 1 required");
			}
			if (rebuildAfterMillis <= 0 || !(maxTailShare > 0 && maxTailShare <= 1)) {
				throw new IllegalArgumentException("rebuildAfterMillis > 0 and maxTailShare in (0, 1] required");
			}
		}

		/** These settings with another search beam. */
		public Settings withSearchBeam(int beam) {
			return new Settings(this.minItems, this.maxConnections, this.beamWidth, beam, this.partItems,
					this.rebuildAfterMillis, this.maxTailShare, this.seed);
		}

	}

	/**
	 * One graph: the nodes {@code [start, start + size)} of the index, longest first.
	 *
	 * @param start its first node
	 * @param size how many nodes
	 * @param lowestNorm2 the smallest squared norm of {@code [v, b]} among its items when
	 * it was built: a new item at least this long joins it
	 * @param graph the neighbour lists, by node − start
	 */
	private record Part(int start, int size, double lowestNorm2, OnHeapHnswGraph graph) {
	}

	private final Settings settings;

	private final long version;

	private final long builtAtMillis;

	private final long buildNanos;

	private final long extendNanos;

	/** Per node, its item: part after part. */
	private final String[] ids;

	private final Set<String> members;

	private final Part[] parts;

	private HnswIndex(Settings settings, long version, long builtAtMillis, long buildNanos, long extendNanos,
			String[] ids, Part[] parts) {
		this.settings = settings;
		this.version = version;
		this.builtAtMillis = builtAtMillis;
		this.buildNanos = buildNanos;
		this.extendNanos = extendNanos;
		this.ids = ids;
		this.members = new HashSet<>(List.of(ids));
		this.parts = parts;
	}

	/**
	 * Builds the graphs of a snapshot's retrievable items (one thread; seconds for tens
	 * of thousands of items, a minute or more for hundreds of thousands: never on a
	 * request's thread). The lifted vectors are dropped once it is built.
	 * @param snapshot the vectors indexed
	 * @param settings the graph's settings
	 * @param nowMillis the time of the build, to judge its age by
	 */
	public static HnswIndex build(TowerSnapshot snapshot, Settings settings, long nowMillis) {
		long start = System.nanoTime();
		List<Integer> rows = new ArrayList<>();
		for (int row = 0; row < snapshot.size(); row++) {
			if (snapshot.retrievableRow(row)) {
				rows.add(row);
			}
		}
		double[] norm2 = new double[snapshot.size()];
		for (int row : rows) {
			norm2[row] = norm2(snapshot, row);
		}
		// longest first; ties by row, so that a build is reproducible
		rows.sort((a, b) -> (norm2[a] != norm2[b]) ? Double.compare(norm2[b], norm2[a]) : Integer.compare(a, b));
		int n = rows.size();
		String[] ids = new String[n];
		for (int ord = 0; ord < n; ord++) {
			ids[ord] = snapshot.idOfRow(rows.get(ord));
		}
		int count = (n == 0) ? 0 : (n + settings.partItems() - 1) / settings.partItems();
		Part[] parts = new Part[count];
		for (int j = 0; j < count; j++) {
			int from = (int) ((long) n * j / count);
			int to = (int) ((long) n * (j + 1) / count);
			float[] lifted = lifted(snapshot, ids, from, to - from);
			parts[j] = new Part(from, to - from, norm2[rows.get(to - 1)],
					graph(lifted, snapshot.dimension() + 2, to - from, settings, null, 0));
		}
		return new HnswIndex(settings, snapshot.version(), nowMillis, System.nanoTime() - start, 0, ids, parts);
	}

	/**
	 * A part's graph: built, or the previous one with the nodes from {@code old} on
	 * added.
	 */
	private static OnHeapHnswGraph graph(float[] lifted, int dimension, int size, Settings settings,
			OnHeapHnswGraph previous, int old) {
		Supplier vectors = new Supplier(lifted, dimension, size);
		try {
			if (previous == null) {
				return HnswGraphBuilder
					.create(vectors, settings.maxConnections(), settings.beamWidth(), settings.seed(), size)
					.build(size);
			}
			int[] sameOrdinals = new int[old];
			for (int ord = 0; ord < old; ord++) {
				sameOrdinals[ord] = ord;
			}
			FixedBitSet initialized = new FixedBitSet(size);
			initialized.set(0, old);
			return InitializedHnswGraphBuilder
				.fromGraph(vectors, settings.maxConnections(), settings.beamWidth(), settings.seed() + old, previous,
						sameOrdinals, initialized, size)
				.build(size);
		}
		catch (IOException ex) {
			// the scorers read arrays: no input or output happens
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * This index with a later snapshot's retrievable items that it lacks added to it, the
	 * way a build adds each item (Lucene's {@code InitializedHnswGraphBuilder}: the
	 * neighbour lists are copied, then the new nodes are inserted), each into the part of
	 * its norm: a fraction of a full build's time when few items are new. The existing
	 * nodes keep their neighbours, and the new ones are linked by the later snapshot's
	 * vectors (each part lifted by them). This index is not changed, so requests keep
	 * searching it meanwhile. Age and build time stay the full build's
	 * ({@link #builtAtMillis()}, {@link #buildNanos()}): the neighbour lists of the old
	 * nodes are as old as that.
	 * @param snapshot the later vectors
	 * @return the larger index, or this one if it lacks none of the snapshot's
	 * retrievable items
	 */
	public HnswIndex extend(TowerSnapshot snapshot) {
		long start = System.nanoTime();
		List<List<String>> added = new ArrayList<>();
		for (int j = 0; j < this.parts.length; j++) {
			added.add(new ArrayList<>());
		}
		int total = 0;
		for (int row = 0; row < snapshot.size(); row++) {
			if (snapshot.retrievableRow(row) && !this.members.contains(snapshot.idOfRow(row))) {
				double length = norm2(snapshot, row);
				int j = 0;
				while (j < this.parts.length - 1 && length < this.parts[j].lowestNorm2()) {
					j++;
				}
				added.get(j).add(snapshot.idOfRow(row));
				total++;
			}
		}
		if (total == 0) {
			return this;
		}
		String[] ids = new String[this.ids.length + total];
		Part[] parts = new Part[this.parts.length];
		int next = 0;
		for (int j = 0; j < this.parts.length; j++) {
			Part part = this.parts[j];
			System.arraycopy(this.ids, part.start(), ids, next, part.size());
			List<String> more = added.get(j);
			for (int i = 0; i < more.size(); i++) {
				ids[next + part.size() + i] = more.get(i);
			}
			int size = part.size() + more.size();
			OnHeapHnswGraph graph = more.isEmpty() ? part.graph() : graph(lifted(snapshot, ids, next, size),
					snapshot.dimension() + 2, size, this.settings, part.graph(), part.size());
			parts[j] = new Part(next, size, part.lowestNorm2(), graph);
			next += size;
		}
		return new HnswIndex(this.settings, snapshot.version(), this.builtAtMillis, this.buildNanos,
				System.nanoTime() - start, ids, parts);
	}

	/**
	 * The vectors of the items {@code ids[from, from + size)} as their graph compares
	 * them, {@code [v, b, sqrt(M² − |v|² − b²)]} ({@code M} the largest norm among them);
	 * an item the snapshot does not know gets a vector of norm {@code M} along the lift's
	 * axis (it is walked through, never returned).
	 * <p>
	 * Measured and rejected: a graph built on {@code [v, b]} under the inner product
	 * itself (ip-NSW: Morozov, Babenko, NeurIPS 2018), which Lucene's diversity heuristic
	 * for neighbours is not made for: at 50,000 items it found 2–8% of the exact 50 where
	 * the lifted graph finds 87–98%.
	 */
	private static float[] lifted(TowerSnapshot snapshot, String[] ids, int from, int size) {
		int d = snapshot.dimension();
		int dimension = d + 2;
		int[] rows = new int[size];
		double maxNorm2 = 0;
		for (int i = 0; i < size; i++) {
			rows[i] = snapshot.rowOf(ids[from + i]);
			if (rows[i] >= 0) {
				maxNorm2 = Math.max(maxNorm2, norm2(snapshot, rows[i]));
			}
		}
		float[] lifted = new float[size * dimension];
		for (int i = 0; i < size; i++) {
			int row = rows[i];
			int offset = i * dimension;
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

	static double norm2(TowerSnapshot snapshot, int row) {
		double s = (double) snapshot.biasOfRow(row) * snapshot.biasOfRow(row);
		for (int k = 0; k < snapshot.dimension(); k++) {
			double c = snapshot.component(row, k);
			s += c * c;
		}
		return s;
	}

	/**
	 * The same graphs searched with another beam ({@link Settings#searchBeam()}); no
	 * rebuild.
	 */
	public HnswIndex withSearchBeam(int searchBeam) {
		return new HnswIndex(this.settings.withSearchBeam(searchBeam), this.version, this.builtAtMillis,
				this.buildNanos, this.extendNanos, this.ids, this.parts);
	}

	/** The settings it was built with. */
	public Settings settings() {
		return this.settings;
	}

	/** The version of the snapshot it was built from (or last extended by). */
	public long version() {
		return this.version;
	}

	/** When its graphs were built (an extension keeps this). */
	public long builtAtMillis() {
		return this.builtAtMillis;
	}

	/** How long its full build took, in nanoseconds. */
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

	/** How many graphs (parts by norm) it holds. */
	public int parts() {
		return this.parts.length;
	}

	/** The first node of a part (parts are longest first). */
	public int partStart(int part) {
		return this.parts[part].start();
	}

	/** The heap its graphs take, in bytes (Lucene's estimate). */
	public long graphBytes() {
		long bytes = 0;
		for (Part part : this.parts) {
			bytes += part.graph().ramBytesUsed();
		}
		return bytes;
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

	/** Where a search stands: the nodes found so far and the bar a part must beat. */
	@FunctionalInterface
	public interface Bar {

		/**
		 * The logit a node must beat to enter the results now ({@code −∞} while fewer
		 * than asked were found).
		 */
		double logit();

	}

	/**
	 * Walks the graphs for the nodes with the largest logits, approximately: each part in
	 * turn, longest first, skipping a part whose bound cannot beat the bar.
	 * @param scorer the logit of each node, by the vectors served now
	 * @param count how many, at most (each part is searched with a candidate list of
	 * {@code max(count, searchBeam)})
	 * @param accepted which nodes may be returned (the others are walked through)
	 * @param bound per part, the largest logit any of its nodes can have for this query
	 * (by the vectors served now), or {@code null} to search every part
	 * @param found receives each node found (called part after part), so that the caller
	 * keeps the best and raises the bar
	 * @param bar the bar after the nodes received so far
	 */
	public void search(NodeScorer scorer, int count, IntPredicate accepted, double[] bound,
			java.util.function.IntConsumer found, Bar bar) {
		if (count <= 0 || this.ids.length == 0) {
			return;
		}
		int beam = Math.max(count, this.settings.searchBeam());
		for (int j = 0; j < this.parts.length; j++) {
			Part part = this.parts[j];
			if (bound != null && bound[j] < bar.logit()) {
				continue;
			}
			int start = part.start();
			int size = part.size();
			Bits accept = new Bits() {
				@Override
				public boolean get(int node) {
					return accepted.test(start + node);
				}

				@Override
				public int length() {
					return size;
				}
			};
			RandomVectorScorer query = new RandomVectorScorer() {
				@Override
				public float score(int node) {
					return positive((float) scorer.logit(start + node));
				}

				@Override
				public int maxOrd() {
					return size;
				}
			};
			TopDocs top;
			try {
				top = HnswGraphSearcher.search(query, beam, part.graph(), accept, Integer.MAX_VALUE).topDocs();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			for (int i = 0; i < top.scoreDocs.length; i++) {
				found.accept(start + top.scoreDocs[i].doc);
			}
		}
	}

	/**
	 * Walks the graphs for the nodes with the largest logits, approximately, every part.
	 * @return the nodes found, part after part (up to {@code max(count, searchBeam)} per
	 * part)
	 */
	public int[] search(NodeScorer scorer, int count, IntPredicate accepted) {
		java.util.stream.IntStream.Builder nodes = java.util.stream.IntStream.builder();
		search(scorer, count, accepted, null, nodes::add, () -> Double.NEGATIVE_INFINITY);
		return nodes.build().toArray();
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
