package dev.kairos.config;

import java.util.Arrays;
import java.util.TreeSet;

import dev.kairos.events.EventType;
import dev.kairos.learning.ServingModel;
import dev.kairos.metrics.KairosMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the meters, with the tag values this configuration can produce (here, beside
 * the properties it reads, so that {@code metrics} depends on nothing of Kairos but
 * {@code core}).
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	KairosMetrics kairosMetrics(MeterRegistry registry, KairosProperties properties) {
		TreeSet<String> policies = new TreeSet<>();
		policies.add(properties.ranking().policy());
		if (properties.ranking().policies() != null) {
			policies.addAll(properties.ranking().policies().keySet());
		}
		return new KairosMetrics(registry, Arrays.stream(EventType.values()).map(EventType::wireName).toList(),
				policies, System::currentTimeMillis);
	}

	/** Serving's model gauges: only where serving happens. */
	@Bean
	@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
	ServingModelMeters servingModelMeters(KairosMetrics metrics, ServingModel model) {
		metrics.servingModel(model::version, model::loadedAtMillis, System::currentTimeMillis);
		if (model.policies().serves("meta-bandit")) {
			double[] grid = model.policies().metaGrid();
			java.util.List<String> keys = java.util.Arrays.stream(grid)
				.mapToObj(dev.kairos.core.bandit.ServedMetaBandit::key)
				.toList();
			metrics.metaBandit(keys, (alpha) -> {
				dev.kairos.core.bandit.ServedMetaBandit meta = (dev.kairos.core.bandit.ServedMetaBandit) model.current()
					.policy("meta-bandit");
				double[] p = meta.probabilities();
				return p[keys.indexOf(alpha)];
			});
		}
		return new ServingModelMeters();
	}

	/** The co-occurrence lift's weight: only where serving happens. */
	@Bean
	@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
	CoOccurrenceLiftMeter coOccurrenceLiftMeter(KairosMetrics metrics,
			dev.kairos.recommendations.ServingSnapshots snapshots, KairosProperties properties) {
		KairosProperties.Ranking ranking = properties.ranking();
		metrics.coOccurrenceLift(() -> ranking.coOccurrenceLiftLearned() ? snapshots.current().affinityLift().weight()
				: ranking.coOccurrenceLiftWeight());
		return new CoOccurrenceLiftMeter();
	}

	/** Marks that the co-occurrence lift's gauge is registered. */
	static final class CoOccurrenceLiftMeter {

	}

	/** Marks that the serving model's gauges are registered. */
	static final class ServingModelMeters {

	}

}
