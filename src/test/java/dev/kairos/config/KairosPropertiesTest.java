package dev.kairos.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kairos's properties bind with no configuration, and a policy name the service cannot
 * serve stops the start-up with the list of valid names (before, it started and then
 * answered 500 on every request).
 */
class KairosPropertiesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesOnly.class);

	@Test
	void bindsWithNoConfiguration() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(KairosProperties.class).ranking().policy()).isEqualTo("linucb");
		});
	}

	@Test
	void everyServablePolicyIsAccepted() {
		for (String policy : KairosProperties.Ranking.POLICIES) {
			this.runner.withPropertyValues("kairos.ranking.policy=" + policy)
				.run((context) -> assertThat(context).hasNotFailed());
		}
	}

	@Test
	void thePropertiesAcceptExactlyThePoliciesServingCanBuild() {
		assertThat(KairosProperties.Ranking.POLICIES)
			.containsExactlyInAnyOrderElementsOf(dev.kairos.learning.ServingModel.names());
	}

	@Test
	void anUnknownPolicyStopsTheStartWithTheValidNames() {
		this.runner.withPropertyValues("kairos.ranking.policy=lin-ucb").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootMessage(context.getStartupFailure())).contains("unknown policy 'lin-ucb'")
				.contains("linucb, hybrid-linucb, linear-thompson, discounted-linucb, sliding-window-linucb, ucb1, "
						+ "epsilon-greedy, softmax, bernoulli-thompson, bdes, meta-bandit, neural-linear, popularity");
		});
	}

	@Test
	void anUnknownExperimentArmStopsTheStart() {
		this.runner.withPropertyValues("kairos.ranking.policies.linucb=50", "kairos.ranking.policies.ucb-one=50")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootMessage(context.getStartupFailure())).contains("kairos.ranking.policies")
					.contains("'ucb-one'");
			});
	}

	@Test
	void exposureConstraintsBindAndNeedTheAttributeTheyName() {
		this.runner
			.withPropertyValues("kairos.fairness.item-attribute=provider", "kairos.fairness.min-new-share=0.2",
					"kairos.fairness.min-share.indie=0.3", "kairos.fairness.max-share=0.5")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				dev.kairos.core.ranking.ExposureConstraints constraints = new KairosConfiguration()
					.exposureConstraints(context.getBean(KairosProperties.class));
				assertThat(constraints.minimums()).containsExactly(
						new dev.kairos.core.ranking.ExposureConstraints.Minimum("new", 0.2),
						new dev.kairos.core.ranking.ExposureConstraints.Minimum("provider=indie", 0.3));
				assertThat(constraints.maximums())
					.containsExactly(new dev.kairos.core.ranking.ExposureConstraints.Maximum("provider", 0.5));
			});
		this.runner.run((context) -> assertThat(
				new KairosConfiguration().exposureConstraints(context.getBean(KairosProperties.class)).isEmpty())
			.isTrue());
		this.runner.withPropertyValues("kairos.fairness.max-share=0.5").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootMessage(context.getStartupFailure())).contains("kairos.fairness.item-attribute");
		});
		this.runner.withPropertyValues("kairos.fairness.item-attribute=provider", "kairos.fairness.min-share.indie=1.5")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootMessage(context.getStartupFailure())).contains("kairos.fairness.min-share.indie");
			});
	}

	private static String rootMessage(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getMessage();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(KairosProperties.class)
	static class PropertiesOnly {

	}

}
