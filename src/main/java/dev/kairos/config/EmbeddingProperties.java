package dev.kairos.config;

import java.time.Duration;

import dev.kairos.core.embedding.HnswIndex;
import dev.kairos.core.embedding.TwoTowerModel;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The two-tower embeddings ({@code kairos.embeddings.*}): trained online in the worker
 * from served slates and feedback, published to Redis, read by serving for retrieval and
 * the {@code two-tower} feature.
 *
 * @param enabled whether the worker trains the model and serving uses it; off by default
 * until the evaluation suite has judged it
 * @param dimension the embedding dimension
 * @param featureBits log2 of the number of hashed content-feature embeddings
 * @param learningRate AdaGrad's step size
 * @param sampledNegatives popularity-sampled negatives per click (besides the user's
 * shown-not-clicked items)
 * @param maxUsers how many users' recent items and shown items the trainer keeps in
 * memory
 * @param shownPerUser how many shown items per user are kept as negatives
 * @param publishInterval how often, at most, the worker publishes the vectors
 * @param seed the seed of initialisation and sampling
 * @param annMinItems from how many retrievable items serving retrieves through an HNSW
 * index instead of an exact scan (0: always, once built)
 * @param annRebuildInterval how old the HNSW index may grow before serving rebuilds it in
 * the background (in between, later vectors walk its graph); a build is never started
 * sooner than {@code ann-rebuild-interval} or four times the last build's duration after
 * the last one, so a slow build does not keep a core busy
 * @param annMaxConnections HNSW's {@code M}: the neighbours each node of the graph keeps
 * on its upper levels (twice as many on the lowest); more finds more of the exact nearest
 * items and costs memory and build time
 * @param annBuildBeam the candidate list while the graph is built
 * ({@code efConstruction}): a wider one makes a better graph, slower to build
 * @param annSearchBeam the candidate list while the graph is searched ({@code ef}): how
 * many items a query proposes and scores again (at least the number retrieved); wider
 * finds more of the exact nearest items, slower (per part)
 * @param annPartItems the most items one HNSW graph holds: a larger catalogue is sorted
 * by the norm of the items' vectors and cut into parts of equal size, each with its own
 * graph, searched in turn (a part that cannot beat what was found is skipped)
 */
@ConfigurationProperties("kairos.embeddings")
@Validated
public record EmbeddingProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("16") @Min(1) @Max(256) int dimension, @DefaultValue("16") @Min(4) @Max(24) int featureBits,
		@DefaultValue("0.05") @DecimalMin(value = "0", inclusive = false) @DecimalMax("10") double learningRate,
		@DefaultValue("4") @Min(0) @Max(100) int sampledNegatives,
		@DefaultValue("20000") @Min(1) @Max(100_000_000) int maxUsers,
		@DefaultValue("20") @Min(0) @Max(1000) int shownPerUser, @DefaultValue("2s") @NotNull Duration publishInterval,
		@DefaultValue("42") long seed, @DefaultValue("20000") @Min(0) int annMinItems,
		@DefaultValue("60s") @NotNull Duration annRebuildInterval,
		@DefaultValue("16") @Min(2) @Max(512) int annMaxConnections,
		@DefaultValue("100") @Min(1) @Max(3200) int annBuildBeam,
		@DefaultValue("200") @Min(1) @Max(10_000) int annSearchBeam,
		@DefaultValue("1000000") @Min(1) @Max(100_000_000) int annPartItems) {

	/**
	 * The HNSW index's settings: these properties, and the core's defaults for the rest
	 * (the share of items it may lack, its levels' seed).
	 */
	public HnswIndex.Settings indexSettings() {
		HnswIndex.Settings defaults = HnswIndex.Settings.DEFAULTS;
		return new HnswIndex.Settings(this.annMinItems, this.annMaxConnections, this.annBuildBeam, this.annSearchBeam,
				this.annPartItems, Math.max(1, this.annRebuildInterval.toMillis()), defaults.maxTailShare(),
				defaults.seed());
	}

	/**
	 * The model's parameters: these properties, and the core's defaults for the rest.
	 */
	public TwoTowerModel.Parameters modelParameters() {
		TwoTowerModel.Parameters defaults = TwoTowerModel.Parameters.DEFAULTS;
		return new TwoTowerModel.Parameters(this.dimension, this.featureBits, this.learningRate, defaults.l2(),
				this.sampledNegatives, defaults.historyLength(), defaults.recencyDecay(), defaults.hourSigma(),
				defaults.initScale(), this.seed);
	}

}
