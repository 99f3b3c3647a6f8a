package dev.kairos.learning;

import java.util.Set;

import dev.kairos.core.bandit.ServedMetaBandit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A batch's sums for the policies beyond the shared model: per item (pooled over every
 * policy's slates), and the meta-bandit's credit of only the configuration that served.
 */
class ModelDeltaPoliciesTest {

	private static Observation observation(Observation.Kind kind, String policy, double reward, String item,
			String variant) {
		return new Observation(kind, policy, "exploit", true, reward, reward > 0, new double[] { 1, 2 }, "user", item,
				0, null, variant);
	}

	@Test
	void itemsCountShownLessWithdrawnAndTheirRewards() {
		ModelDelta delta = new ModelDelta(2, PolicySettings.defaults(Set.of("ucb1", "hybrid-linucb"), 0.3, 1.0));
		delta.add(observation(Observation.Kind.SHOWN, "linucb", 0, "i1", ""));
		delta.add(observation(Observation.Kind.SHOWN, "ucb1", 0, "i1", ""));
		delta.add(observation(Observation.Kind.CREDIT, "ucb1", 1, "i1", ""));
		delta.add(observation(Observation.Kind.SHOWN, "ucb1", 0, "i2", ""));
		delta.add(observation(Observation.Kind.WITHDRAWN, "ucb1", 0, "i2", ""));
		assertThat(delta.items().get("i1")).containsExactly(2, 1);
		assertThat(delta.items().get("i2")).containsExactly(0, 0);
		assertThat(delta.itemFeatureSums().get("i1")).containsExactly(2, 4);
		assertThat(delta.itemFeatureSums().get("i2")).containsExactly(0, 0);
		assertThat(delta.meta()).isEmpty();
	}

	@Test
	void theMetaBanditCreditsOnlyTheAlphaThatServed() {
		PolicySettings settings = PolicySettings.defaults(Set.of("meta-bandit"), 0.3, 1.0);
		ModelDelta delta = new ModelDelta(2, settings);
		String served = ServedMetaBandit.variant(0.3, 0.25);
		delta.add(observation(Observation.Kind.SHOWN, "meta-bandit", 0, "i1", served));
		delta.add(observation(Observation.Kind.CREDIT, "meta-bandit", 1, "i1", served));
		// another policy's click, and a slate of the meta-bandit's with no click
		delta.add(observation(Observation.Kind.CREDIT, "linucb", 1, "i2", ""));
		delta.add(observation(Observation.Kind.SHOWN, "meta-bandit", 0, "i3", ServedMetaBandit.variant(1.0, 0.25)));
		assertThat(delta.meta()).containsOnlyKeys("0.3", "1.0");
		// γ·r/(p·K) = 0.1·1/(0.25·4)
		assertThat(delta.meta().get("0.3")[1]).isCloseTo(0.1, within(1e-12));
		assertThat(delta.meta().get("0.3")[0]).isEqualTo(1);
		assertThat(delta.meta().get("1.0")[1]).isZero();
		assertThat(delta.items()).isEmpty();
	}

	@Test
	void aVariantOfAnotherShapeIsNotCredited() {
		assertThat(ServedMetaBandit.parse("")).isNull();
		assertThat(ServedMetaBandit.parse("alpha=0.3")).isNull();
		assertThat(ServedMetaBandit.parse("alpha=0.3;p=0")).isNull();
		assertThat(ServedMetaBandit.parse("alpha=0.3;p=x")).isNull();
		assertThat(ServedMetaBandit.parse("alpha=0.3;p=0.5")).isEqualTo(new ServedMetaBandit.Choice("0.3", 0.5));
	}

}
