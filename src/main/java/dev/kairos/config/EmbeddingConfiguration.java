package dev.kairos.config;

import dev.kairos.core.embedding.TowerTrainer;
import dev.kairos.core.embedding.TwoTowerModel;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.learning.TowerLearning;
import dev.kairos.learning.TowerStore;
import dev.kairos.recommendations.ServingSnapshots;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the two-tower embeddings when {@code kairos.embeddings.enabled}: the trainer in
 * the worker, the snapshot's reader in serving.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kairos.embeddings.enabled", havingValue = "true")
class EmbeddingConfiguration {

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	TowerLearning towerLearning(EmbeddingProperties properties, FeatureStore store, TowerStore towers,
			FeatureSettings settings) {
		TwoTowerModel model = new TwoTowerModel(properties.modelParameters());
		return new TowerLearning(
				new TowerTrainer(model, properties.maxUsers(), properties.shownPerUser(), FeatureVector.DIMENSION),
				store, towers, settings.zone(), properties.publishInterval().toMillis());
	}

	/** Serving loads the published vectors on its model timer. */
	@Bean
	@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
	ServingSnapshots.TowerServing towerServing(ServingSnapshots snapshots, TowerStore towers,
			EmbeddingProperties properties) {
		return snapshots.serveTowers(towers, properties.indexSettings());
	}

}
