package dev.kairos.learning;

import java.util.ArrayList;
import java.util.List;

import dev.kairos.events.InteractionEvent;
import dev.kairos.features.FeatureStore.Outcome;
import dev.kairos.features.FeatureUpdates.LoggedEvent;

/**
 * The worker's learning step: every genuine feedback event (not a client duplicate) is
 * credited to the slate it answers, whichever policy served it (the linear policies share
 * one ridge model, which learns from any policy's slates). Redelivered records are
 * credited again, harmlessly: the store applies each shown item's reward once.
 */
public class RewardAttribution {

	private final ModelStore store;

	private final LearningSettings settings;

	public RewardAttribution(ModelStore store, LearningSettings settings) {
		this.store = store;
		this.settings = settings;
	}

	/**
	 * @param events the events of a batch
	 * @param outcomes what the feature store made of each
	 * @return how many changed the model
	 */
	public int attribute(List<LoggedEvent> events, List<Outcome> outcomes) {
		List<ModelStore.Feedback> feedback = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			InteractionEvent event = events.get(i).event();
			Double reward = this.settings.reward(event.type());
			if (reward == null || !outcomes.get(i).genuine()) {
				continue;
			}
			feedback.add(new ModelStore.Feedback(event.userId(), event.itemId(), event.recommendationId(), reward));
		}
		if (feedback.isEmpty()) {
			return 0;
		}
		// the whole batch at once: one Redis round trip per step, not per event
		int changed = 0;
		for (boolean c : this.store.rewards(feedback)) {
			if (c) {
				changed++;
			}
		}
		return changed;
	}

}
