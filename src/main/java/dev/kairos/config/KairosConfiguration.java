package dev.kairos.config;

import java.time.Clock;
import java.time.Duration;

import dev.kairos.core.ranking.PopularityBlend;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import dev.kairos.events.EventParser;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.FeatureUpdates;
import dev.kairos.items.ItemParser;
import dev.kairos.recommendations.RecommendationService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Maps the properties to the parameters of the plain-Java parts, and wires them. */
@Configuration(proxyBeanMethods = false)
public class KairosConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	FeatureSettings featureSettings(KairosProperties properties) {
		KairosProperties.Features f = properties.features();
		return new FeatureSettings(decay(f.popularityHalfLife()), decay(f.trendingHalfLife()),
				decay(f.interestHalfLife()), f.viewWeight(), f.clickWeight(), f.purchaseWeight(),
				new SmoothedRate(f.ctrPrior(), f.ctrPriorStrength()), f.recentItems(), f.consumedItems(), f.userTtl(),
				properties.events().deduplicationWindow());
	}

	private static ForwardDecay decay(Duration halfLife) {
		return new ForwardDecay(halfLife.toMillis() / 3_600_000.0);
	}

	@Bean
	EventParser eventParser(KairosProperties properties, Clock clock) {
		return new EventParser(properties.events().maxBatch(), properties.events().maxFutureSkew(), clock);
	}

	@Bean
	ItemParser itemParser(KairosProperties properties, Clock clock) {
		return new ItemParser(properties.events().maxBatch(), clock);
	}

	@Bean
	FeatureUpdates featureUpdates(FeatureStore store, FeatureSettings settings) {
		return new FeatureUpdates(store, settings);
	}

	@Bean
	RecommendationService recommendationService(FeatureStore store, FeatureSettings settings,
			KairosProperties properties) {
		KairosProperties.Recommendations r = properties.recommendations();
		return new RecommendationService(store, settings, PopularityBlend.DEFAULT, r.candidatesPerSource(),
				r.interestCategories(), r.newItemAge());
	}

}
