package dev.kairos.bench.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Most-popular: the items with the most clicks and purchases. With a half-life, decayed
 * recent-popular: each click counts {@code 2^(−age / half-life)} at the request time
 * (event time). No exploration.
 */
final class PopularLearner extends CatalogueLearner {

	private final double halfLifeMillis;

	/** Per item: its decayed count and the time (epoch ms) it was last brought to. */
	private final Map<String, double[]> counts = new HashMap<>();

	/** Most-popular: clicks never decay. */
	static PopularLearner mostPopular(long seed) {
		return new PopularLearner("most-popular", null, seed);
	}

	/** Recent-popular with the half-life given. */
	static PopularLearner recentPopular(Duration halfLife, long seed) {
		return new PopularLearner("recent-popular", halfLife, seed);
	}

	private PopularLearner(String name, Duration halfLife, long seed) {
		super(name, seed);
		this.halfLifeMillis = (halfLife == null) ? Double.POSITIVE_INFINITY : halfLife.toMillis();
	}

	@Override
	protected List<String> rank(Request request, List<String> candidates) {
		double[] scores = new double[candidates.size()];
		for (int i = 0; i < scores.length; i++) {
			double[] c = this.counts.get(candidates.get(i));
			scores[i] = (c == null) ? 0 : decayed(c, request.at());
		}
		return top(candidates, scores, request.count());
	}

	@Override
	protected void learn(Event event) {
		if (event.type().consumes()) {
			double[] c = this.counts.computeIfAbsent(event.itemId(),
					(i) -> new double[] { 0, event.timestamp().toEpochMilli() });
			c[0] = decayed(c, event.timestamp()) + 1;
			c[1] = Math.max(c[1], event.timestamp().toEpochMilli());
		}
	}

	private double decayed(double[] c, Instant at) {
		if (Double.isInfinite(this.halfLifeMillis)) {
			return c[0];
		}
		double age = Math.max(0, at.toEpochMilli() - c[1]);
		return c[0] * Math.pow(2, -age / this.halfLifeMillis);
	}

}
