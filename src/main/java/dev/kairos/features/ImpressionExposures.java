package dev.kairos.features;

import java.util.List;

import dev.kairos.core.ranking.Exposure;
import dev.kairos.events.InteractionEvent;

/**
 * What the slates served recorded of the items they showed: for an impression event, the
 * exposure its item had when it was ranked ({@link Exposure}: its place, the user's lift
 * and the item's rate then). The worker counts it with the impression.
 */
public interface ImpressionExposures {

	/**
	 * The exposures of impression events: joined to their slate by
	 * {@code recommendationId}, or to the user's latest slate that showed the item.
	 * @param impressions impression events
	 * @return per event, its exposure, or {@code null} where no slate is found
	 */
	List<Exposure> of(List<InteractionEvent> impressions);

}
