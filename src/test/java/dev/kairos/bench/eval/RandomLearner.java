package dev.kairos.bench.eval;

import java.util.List;

/** Uniformly random slates of the items the user has not consumed. */
final class RandomLearner extends CatalogueLearner {

	RandomLearner(long seed) {
		super("random", seed);
	}

	@Override
	protected List<String> rank(Request request, List<String> candidates) {
		double[] scores = new double[candidates.size()];
		for (int i = 0; i < scores.length; i++) {
			scores[i] = this.random.nextDouble();
		}
		return top(candidates, scores, request.count());
	}

	@Override
	protected void learn(Event event) {
	}

}
