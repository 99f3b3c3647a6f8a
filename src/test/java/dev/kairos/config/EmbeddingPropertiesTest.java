package dev.kairos.config;

import dev.kairos.core.embedding.HnswIndex;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HNSW index's properties ({@code kairos.embeddings.ann-*}) reach the index's
 * settings, and values outside their bounds stop the start naming the property.
 */
class EmbeddingPropertiesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesOnly.class);

	@Test
	void theDefaultsAreTheCoresAndThePropertiesReachTheIndex() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			HnswIndex.Settings settings = context.getBean(EmbeddingProperties.class).indexSettings();
			HnswIndex.Settings defaults = HnswIndex.Settings.DEFAULTS;
			assertThat(settings.maxConnections()).isEqualTo(defaults.maxConnections());
			assertThat(settings.beamWidth()).isEqualTo(defaults.beamWidth());
			assertThat(settings.searchBeam()).isEqualTo(defaults.searchBeam());
			assertThat(settings.minItems()).isEqualTo(defaults.minItems());
			assertThat(settings.rebuildAfterMillis()).isEqualTo(defaults.rebuildAfterMillis());
		});
		this.runner
			.withPropertyValues("kairos.embeddings.ann-max-connections=24", "kairos.embeddings.ann-build-beam=150",
					"kairos.embeddings.ann-search-beam=600", "kairos.embeddings.ann-rebuild-interval=5m")
			.run((context) -> {
				HnswIndex.Settings settings = context.getBean(EmbeddingProperties.class).indexSettings();
				assertThat(settings.maxConnections()).isEqualTo(24);
				assertThat(settings.beamWidth()).isEqualTo(150);
				assertThat(settings.searchBeam()).isEqualTo(600);
				assertThat(settings.rebuildAfterMillis()).isEqualTo(300_000);
			});
	}

	@Test
	void valuesOutOfBoundsStopTheStart() {
		for (String bad : new String[] { "ann-max-connections=1", "ann-max-connections=513", "ann-build-beam=0",
				"ann-build-beam=3201", "ann-search-beam=0", "ann-search-beam=10001" }) {
			this.runner.withPropertyValues("kairos.embeddings." + bad).run((context) -> {
				assertThat(context).as(bad).hasFailed();
				assertThat(context.getStartupFailure()).as(bad)
					.hasStackTraceContaining(bad.substring(0, bad.indexOf('=')));
			});
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(EmbeddingProperties.class)
	static class PropertiesOnly {

	}

}
