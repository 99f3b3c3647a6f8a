package dev.kairos.bench.eval;

import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.bench.VowpalWabbitPolicy;

/**
 * Vowpal Wabbit {@code --cb_explore_adf} with SquareCB ({@link VowpalWabbitPolicy},
 * vw-jni 9.3.0) as a learner: shared features are the user, the user × block of hours and
 * the block and weekday/weekend; each action has its item id and category; {@code -q UA}
 * crosses them. The first slot is drawn from VW's pmf, the others follow by descending
 * probability. A slate's feedback is learned when the next slate is asked for: each shown
 * item is learned as a one-action example with its pmf probability, cost −1 if clicked
 * and 0 otherwise (a learner knows its own slates, so a client that posts only clicks
 * teaches it as much); if the client reported impressions of the slate, only the items it
 * reported or clicked are learned.
 */
final class VowpalWabbitLearner extends CatalogueLearner {

	static final String ARGUMENTS = "--cb_explore_adf --squarecb -q UA -q HA --quiet";

	private final VowpalWabbitPolicy vw;

	private final Map<String, Pending> pending = new LinkedHashMap<>();

	private long slates;

	private record Pending(String shared, Map<String, String> actionLines, Map<String, Double> probability,
			Map<String, Double> reward, java.util.Set<String> reported) {
	}

	VowpalWabbitLearner(long seed) {
		super("vowpal-wabbit", seed);
		this.vw = new VowpalWabbitPolicy(ARGUMENTS, 0, seed);
	}

	@Override
	public Slate recommend(Request request) {
		flush();
		List<String> candidates = candidates(request.userId());
		int block = EpsilonGreedyCounts.block(request.hourOfDay());
		DayOfWeek day = request.at().atZone(ZoneOffset.UTC).getDayOfWeek();
		String weekPart = (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) ? "we" : "wd";
		String user = VowpalWabbitPolicy.sanitise(request.userId());
		String shared = "shared |U u=" + user + " ub=" + user + "_" + block + " uw=" + user + "_" + weekPart + " |H b="
				+ block + " w=" + weekPart;
		String[] example = new String[candidates.size() + 1];
		example[0] = shared;
		for (int i = 0; i < candidates.size(); i++) {
			example[i + 1] = actionLine(candidates.get(i));
		}
		double[] pmf = this.vw.predict(example);
		int first = this.vw.sample(pmf);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < candidates.size(); i++) {
			if (i != first) {
				order.add(i);
			}
		}
		order.sort((a, b) -> (pmf[a] != pmf[b]) ? Double.compare(pmf[b], pmf[a])
				: candidates.get(a).compareTo(candidates.get(b)));
		List<String> slate = new ArrayList<>();
		Map<String, String> lines = new HashMap<>();
		Map<String, Double> probability = new HashMap<>();
		if (!candidates.isEmpty()) {
			slate.add(candidates.get(first));
			lines.put(candidates.get(first), example[first + 1]);
			probability.put(candidates.get(first), pmf[first]);
		}
		for (int i = 0; i < order.size() && slate.size() < request.count(); i++) {
			int c = order.get(i);
			slate.add(candidates.get(c));
			lines.put(candidates.get(c), example[c + 1]);
			probability.put(candidates.get(c), pmf[c]);
		}
		String id = name() + "-" + (++this.slates);
		Map<String, Double> reward = new HashMap<>();
		slate.forEach((item) -> reward.put(item, 0.0));
		this.pending.put(id, new Pending(shared, lines, probability, reward, new java.util.HashSet<>()));
		return new Slate(id, slate);
	}

	private String actionLine(String item) {
		return "|A id=" + VowpalWabbitPolicy.sanitise(item) + " c="
				+ VowpalWabbitPolicy.sanitise(this.categoryOf.getOrDefault(item, "none"));
	}

	@Override
	protected List<String> rank(Request request, List<String> candidates) {
		throw new UnsupportedOperationException("recommend ranks");
	}

	@Override
	protected void learn(Event event) {
		Pending slate = (event.recommendationId() != null) ? this.pending.get(event.recommendationId()) : null;
		if (slate == null || !slate.actionLines().containsKey(event.itemId())) {
			return;
		}
		if (event.type() == EventType.IMPRESSION) {
			slate.reported().add(event.itemId());
		}
		else if (event.type().consumes()) {
			slate.reward().put(event.itemId(), 1.0);
		}
	}

	private void flush() {
		for (Pending slate : this.pending.values()) {
			boolean reported = !slate.reported().isEmpty();
			slate.reward().forEach((item, reward) -> {
				if (reported && reward == 0 && !slate.reported().contains(item)) {
					return;
				}
				this.vw.learn(new String[] { slate.shared(), slate.actionLines().get(item) }, 0, reward,
						slate.probability().get(item));
			});
		}
		this.pending.clear();
	}

	@Override
	public void close() {
		this.vw.close();
	}

}
