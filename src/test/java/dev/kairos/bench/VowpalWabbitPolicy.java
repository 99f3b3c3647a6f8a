package dev.kairos.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.ArmScore;
import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.bandit.Slate;
import vowpalWabbit.learner.VWActionProbsLearner;
import vowpalWabbit.learner.VWLearners;
import vowpalWabbit.responses.ActionProb;
import vowpalWabbit.responses.ActionProbs;

/**
 * Vowpal Wabbit's contextual bandit learner ({@code --cb_explore_adf}, through vw-jni
 * 9.3.0) behind Kairos's {@link BanditPolicy}, as the peer Kairos's policies are compared
 * with. It is fed exactly the stream the Kairos policies get: the same candidates with
 * the same vectors, and the same rewards.
 *
 * <p>
 * Each round is one multi-line action-dependent-features example: a {@code shared |U}
 * line with the first {@code sharedLength} entries of the candidates' vectors (identical
 * for all candidates), and one {@code |A} line per candidate with the rest of its vector
 * and its id as a feature. Only non-zero entries are written, as
 * {@code f<index>:<value>}. {@code select} predicts VW's probability mass function over
 * the candidates and samples from it with a seeded random source (as a VW deployment
 * would); the propensities reported are that pmf. {@code update} learns the example of
 * the last round with the label {@code 0:<cost>:<probability>} on the updated candidate,
 * cost = -reward (VW minimises cost).
 *
 * <p>
 * Reference: A. Bietti, A. Agarwal, J. Langford, "A contextual bandit bake-off", JMLR 22
 * (2021); VW wiki, "Contextual Bandit algorithms" and "Logged Contextual Bandit example"
 * (ADF format). Deviation: for k > 1 the other slots are filled by descending
 * probability, and the propensities are still those of the first slot.
 */
public final class VowpalWabbitPolicy implements BanditPolicy, AutoCloseable {

	/**
	 * The arguments of the evaluation: epsilon-greedy exploration, user × action
	 * interactions.
	 */
	static final String DEFAULT_ARGUMENTS = "--cb_explore_adf --epsilon 0.1 -q UA --quiet";

	private final String arguments;

	private final int sharedLength;

	private final SplittableRandom random;

	private final VWActionProbsLearner learner;

	private List<Arm> lastCandidates = List.of();

	private String[] lastExample;

	private double[] lastProbabilities;

	/**
	 * A new learner.
	 * @param arguments VW command line, which must make an action-probabilities learner
	 * ({@code --cb_explore_adf ...})
	 * @param sharedLength how many leading entries of each candidate vector are shared
	 * context
	 * @param seed seed of the sampling of actions from VW's pmf
	 */
	public VowpalWabbitPolicy(String arguments, int sharedLength, long seed) {
		this.arguments = arguments;
		this.sharedLength = sharedLength;
		this.random = new SplittableRandom(seed);
		this.learner = VWLearners.create(arguments);
	}

	@Override
	public String name() {
		return "vw " + this.arguments.replace(" --quiet", "");
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		if (k < 1) {
			throw new IllegalArgumentException("k must be at least 1: " + k);
		}
		int n = candidates.size();
		String[] example = example(candidates);
		double[] probabilities = predict(example);
		this.lastCandidates = candidates;
		this.lastExample = example;
		this.lastProbabilities = probabilities;

		List<ArmScore> scored = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			scored.add(new ArmScore(candidates.get(i).id(), probabilities[i], 0, probabilities[i], probabilities[i]));
		}
		int first = sample(probabilities);
		List<ArmScore> chosen = new ArrayList<>();
		chosen.add(scored.get(first));
		scored.stream()
			.filter((score) -> score != scored.get(first))
			.sorted(Comparator.comparingDouble(ArmScore::score).reversed().thenComparing(ArmScore::id))
			.limit(Math.min(k, n) - 1L)
			.forEach(chosen::add);
		return new Slate(chosen, scored);
	}

	@Override
	public void update(Arm arm, double reward) {
		int index = -1;
		for (int i = 0; i < this.lastCandidates.size(); i++) {
			if (this.lastCandidates.get(i).id().equals(arm.id())) {
				index = i;
				break;
			}
		}
		if (index < 0) {
			throw new IllegalArgumentException(
					"update for " + arm.id() + ", which was not a candidate of the last round");
		}
		learn(this.lastExample, index, reward, this.lastProbabilities[index]);
	}

	/**
	 * VW's probability mass function over the actions of a multi-line example written by
	 * the caller ({@code shared |...} first, then one {@code |...} line per action): for
	 * learners whose features are names rather than the dense vectors of {@link Arm}.
	 */
	public double[] predict(String[] example) {
		ActionProbs prediction = this.learner.predict(example);
		double[] probabilities = new double[example.length - 1];
		for (ActionProb actionProb : prediction.getActionProbs()) {
			probabilities[actionProb.getAction()] = actionProb.getProbability();
		}
		return probabilities;
	}

	/**
	 * Learns the example with the reward of one action (cost = −reward), chosen with the
	 * probability given.
	 */
	public void learn(String[] example, int action, double reward, double probability) {
		String[] labelled = example.clone();
		labelled[action + 1] = "0:" + (-reward) + ":" + Math.max(probability, 1e-6) + " " + labelled[action + 1];
		this.learner.learn(labelled);
	}

	@Override
	public void close() {
		try {
			this.learner.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String[] example(List<Arm> candidates) {
		String[] lines = new String[candidates.size() + 1];
		StringBuilder shared = new StringBuilder("shared |U");
		if (!candidates.isEmpty()) {
			double[] features = candidates.get(0).features();
			appendFeatures(shared, features, 0, Math.min(this.sharedLength, features.length));
		}
		lines[0] = shared.toString();
		for (int i = 0; i < candidates.size(); i++) {
			Arm candidate = candidates.get(i);
			StringBuilder line = new StringBuilder("|A id=").append(sanitise(candidate.id()));
			appendFeatures(line, candidate.features(), this.sharedLength, candidate.features().length);
			lines[i + 1] = line.toString();
		}
		return lines;
	}

	private static void appendFeatures(StringBuilder line, double[] features, int from, int to) {
		for (int i = from; i < to; i++) {
			if (features[i] != 0) {
				line.append(" f").append(i).append(':').append(features[i]);
			}
		}
	}

	/** VW feature names may not contain whitespace, ':' or '|'. */
	public static String sanitise(String id) {
		return id.replaceAll("[\\s:|]", "_");
	}

	/** An action drawn from the pmf with the seeded source. */
	public int sample(double[] probabilities) {
		double u = this.random.nextDouble();
		double cumulative = 0;
		int last = 0;
		for (int i = 0; i < probabilities.length; i++) {
			if (probabilities[i] > 0) {
				cumulative += probabilities[i];
				last = i;
				if (u < cumulative) {
					return i;
				}
			}
		}
		return last;
	}

}
