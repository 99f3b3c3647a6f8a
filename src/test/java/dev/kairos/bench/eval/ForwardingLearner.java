package dev.kairos.bench.eval;

import java.util.List;
import java.util.Objects;

/**
 * A learner that passes every call on to another: the base of wrappers that watch what
 * goes through (the slates served, the feedback sent) and override only what they watch,
 * calling {@code super}.
 */
abstract class ForwardingLearner implements Learner {

	private final Learner inner;

	protected ForwardingLearner(Learner inner) {
		this.inner = Objects.requireNonNull(inner, "inner");
	}

	@Override
	public String name() {
		return this.inner.name();
	}

	@Override
	public void addItems(List<Item> items) {
		this.inner.addItems(items);
	}

	@Override
	public Slate recommend(Request request) {
		return this.inner.recommend(request);
	}

	@Override
	public void observe(List<Event> events) {
		this.inner.observe(events);
	}

	@Override
	public void close() {
		this.inner.close();
	}

}
