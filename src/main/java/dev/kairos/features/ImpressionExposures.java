package dev.kairos.features;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kairos.core.ranking.Exposure;
import dev.kairos.events.InteractionEvent;

/**
 * What the slates served recorded of the items they showed: for an impression event, the
 * exposure its item had when it was ranked ({@link Exposure}: its place, the user's lift
 * and the item's rate then). The worker counts it with the impression. Kept beside the
 * user's state for the attribution window; the served slates themselves are logged to
 * Kafka only.
 */
public interface ImpressionExposures {

	/**
	 * Remembers the exposures of a served slate's items for {@code keep}.
	 * @param exposures per item id
	 */
	void remember(String userId, String recommendationId, Map<String, Exposure> exposures, Duration keep);

	/**
	 * The exposures of impression events: joined to their slate by
	 * {@code recommendationId}, or to the user's latest slate that showed the item.
	 * @param impressions impression events
	 * @return per event, its exposure, or {@code null} where no slate is found
	 */
	List<Exposure> of(List<InteractionEvent> impressions);

}
