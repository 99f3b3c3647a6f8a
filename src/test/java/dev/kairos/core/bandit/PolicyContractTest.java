package dev.kairos.core.bandit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.data.Offset.offset;

/**
 * What every {@link BanditPolicy} promises, run against each implementation (d = 3 where
 * contextual).
 */
class PolicyContractTest {

	static Stream<Arguments> policies() {
		return Stream.of(policy("ucb1", Ucb1::new),
				policy("epsilon-greedy", () -> EpsilonGreedy.fixed(0.1, new SplittableRandom(1L))),
				policy("softmax", () -> new Softmax(0.5, new SplittableRandom(2L))),
				policy("bernoulli-thompson", () -> new BernoulliThompson(new SplittableRandom(3L))),
				policy("linucb shared", () -> LinUcb.shared(3, 1.0, 1.0)),
				policy("linucb disjoint", () -> LinUcb.disjoint(3, 1.0, 1.0)),
				policy("hybrid-linucb", () -> new HybridLinUcb(1, 2, 1.0, 1.0)),
				policy("linear-thompson", () -> new LinearThompson(3, 0.5, 1.0, new SplittableRandom(4L))),
				policy("discounted-linucb", () -> new DiscountedLinUcb(3, 1.0, 1.0, 0.95)),
				policy("sliding-window-linucb", () -> new SlidingWindowLinUcb(3, 1.0, 1.0, 10)),
				policy("neural-linear", () -> new NeuralLinear(2, 1, 0.5, 1.0, new SplittableRandom(6L))),
				policy("bdes", () -> new Bdes(3, 0.1, 1.0, 1.0)), policy("exploration-tuner",
						() -> new ExplorationTuner(3, new double[] { 0.1, 1.0 }, 1.0, 0.1, new SplittableRandom(5L))));
	}

	private static Arguments policy(String label, Supplier<BanditPolicy> factory) {
		return Arguments.of(label, factory);
	}

	private static List<Arm> arms(int n) {
		List<Arm> arms = new ArrayList<>();
		SplittableRandom random = new SplittableRandom(n);
		for (int i = 0; i < n; i++) {
			arms.add(new Arm("arm-" + i, new double[] { 1.0, random.nextDouble(), random.nextDouble() }));
		}
		return arms;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("policies")
	void rejectsNonFiniteRewards(String label, Supplier<BanditPolicy> factory) {
		BanditPolicy policy = factory.get();
		Arm arm = arms(1).get(0);
		assertThatIllegalArgumentException().isThrownBy(() -> policy.update(arm, Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> policy.update(arm, Double.POSITIVE_INFINITY));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("policies")
	void rejectsNonFiniteFeaturesInContextualPolicies(String label, Supplier<BanditPolicy> factory) {
		BanditPolicy policy = factory.get();
		Arm bad = new Arm("bad", new double[] { 1.0, Double.NaN, 0.0 });
		assertThatIllegalArgumentException().isThrownBy(() -> policy.select(List.of(bad), 1));
		assertThatIllegalArgumentException().isThrownBy(() -> policy.select(arms(2), 0));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("policies")
	void slatesHaveDistinctChosenArmsAndValidPropensities(String label, Supplier<BanditPolicy> factory) {
		BanditPolicy policy = factory.get();
		List<Arm> arms = arms(8);
		SplittableRandom random = new SplittableRandom(9L);
		for (int t = 0; t < 200; t++) {
			for (ArmScore s : policy.select(arms, 1).chosen()) {
				policy.update(LinearProblem.find(arms, s.id()), random.nextDouble() < 0.3 ? 1.0 : 0.0);
			}
		}
		Slate slate = policy.select(arms, 3);
		assertThat(slate.chosen()).hasSize(3);
		assertThat(slate.scored()).hasSize(8);
		assertThat(slate.chosen().stream().map(ArmScore::id).distinct()).hasSize(3);
		for (int i = 0; i < 8; i++) {
			assertThat(slate.scored().get(i).id()).isEqualTo(arms.get(i).id());
			assertThat(slate.scored().get(i).propensity()).isBetween(0.0, 1.0);
		}
		for (ArmScore chosen : slate.chosen()) {
			assertThat(chosen.propensity()).isGreaterThan(0.0);
		}
		assertThat(slate.scored().stream().mapToDouble(ArmScore::propensity).sum()).isCloseTo(3.0, offset(1e-9));
		assertThat(policy.select(arms, 20).chosen()).hasSize(8);
		assertThat(policy.select(List.of(), 2).chosen()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("policies")
	void sameSeedSameDecisions(String label, Supplier<BanditPolicy> factory) {
		assertThat(play(factory.get())).isEqualTo(play(factory.get()));
	}

	private static List<String> play(BanditPolicy policy) {
		List<Arm> arms = arms(6);
		SplittableRandom random = new SplittableRandom(10L);
		List<String> ids = new ArrayList<>();
		for (int t = 0; t < 100; t++) {
			String id = policy.select(arms, 1).chosen().get(0).id();
			ids.add(id);
			policy.update(LinearProblem.find(arms, id), random.nextDouble() < 0.5 ? 1.0 : 0.0);
		}
		return ids;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("policies")
	void tiesBreakOnIdWhenDeterministic(String label, Supplier<BanditPolicy> factory) {
		BanditPolicy policy = factory.get();
		if (policy instanceof Softmax || policy instanceof BernoulliThompson || policy instanceof LinearThompson) {
			return; // randomised scores: ties have probability zero
		}
		double[] same = { 1.0, 0.5, 0.5 };
		List<Arm> arms = List.of(new Arm("c", same), new Arm("a", same), new Arm("b", same));
		Slate slate = policy.select(arms, 3);
		assertThat(slate.chosen()).extracting(ArmScore::id).containsExactly("a", "b", "c");
	}

}
