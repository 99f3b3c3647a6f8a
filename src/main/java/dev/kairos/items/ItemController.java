package dev.kairos.items;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.eval.ConfidenceInterval;
import dev.kairos.events.EventType;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.ItemFeatures;
import dev.kairos.validation.Ids;
import dev.kairos.validation.UnknownEntityException;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The catalogue over HTTP: {@code PUT/POST/DELETE/GET /items}. */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class ItemController {

	private final ItemParser parser;

	private final ItemCatalog catalog;

	private final FeatureStore features;

	private final FeatureSettings settings;

	private final Clock clock;

	ItemController(ItemParser parser, ItemCatalog catalog, FeatureStore features, FeatureSettings settings,
			Clock clock) {
		this.clock = clock;
		this.parser = parser;
		this.catalog = catalog;
		this.features = features;
		this.settings = settings;
	}

	/**
	 * The wire form of an item with its features. {@code clickThroughRate} is smoothed
	 * towards the prior (what ranking uses); {@code clickThroughRateInterval} is the 95%
	 * Wilson interval of the raw clicks per impression, {@code null} before the first
	 * impression.
	 */
	record ItemView(String itemId, String category, List<String> tags, Map<String, Object> attributes,
			Instant createdAt, boolean active, Map<String, Long> counts, double clickThroughRate,
			Interval clickThroughRateInterval, double popularity, double trending) {
	}

	/** A confidence interval. */
	record Interval(double lower, double upper) {
	}

	@PutMapping(path = "/items/{itemId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ItemView> put(@PathVariable String itemId, @RequestBody JsonNode body) {
		ItemParser.Parsed parsed = this.parser.parseOne(itemId, body);
		boolean created = this.catalog.upsert(parsed.item(), parsed.createdAtGiven());
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(view(itemId));
	}

	@PostMapping(path = "/items", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Integer> postBatch(@RequestBody JsonNode body) {
		List<ItemParser.Parsed> items = this.parser.parseBatch(body);
		int created = 0;
		for (ItemParser.Parsed parsed : items) {
			if (this.catalog.upsert(parsed.item(), parsed.createdAtGiven())) {
				created++;
			}
		}
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("created", created);
		counts.put("updated", items.size() - created);
		return counts;
	}

	@DeleteMapping("/items/{itemId}")
	ResponseEntity<Void> delete(@PathVariable String itemId) {
		if (!this.catalog.retire(Ids.require("itemId", itemId))) {
			throw new UnknownEntityException("item", itemId);
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/items/{itemId}")
	ItemView get(@PathVariable String itemId) {
		return view(Ids.require("itemId", itemId));
	}

	private ItemView view(String itemId) {
		Item item = this.catalog.find(itemId).orElseThrow(() -> new UnknownEntityException("item", itemId));
		ItemFeatures f = this.features.items(List.of(itemId)).get(itemId);
		long now = this.clock.millis();
		Map<String, Long> counts = new LinkedHashMap<>();
		for (EventType type : EventType.values()) {
			counts.put(type.wireName(), f.count(type));
		}
		long clicks = f.count(EventType.CLICK);
		long impressions = f.count(EventType.IMPRESSION);
		Interval interval = null;
		if (impressions > 0) {
			// clicks without a posted impression would read as a rate above 1
			ConfidenceInterval wilson = ConfidenceInterval.wilson(Math.min(clicks, impressions), impressions);
			interval = new Interval(wilson.lower(), wilson.upper());
		}
		return new ItemView(item.itemId(), item.category(), new ArrayList<>(item.tags()), item.attributes(),
				item.createdAt(), item.active(), counts, this.settings.clickThroughRate(clicks, impressions), interval,
				this.settings.popularity().valueAt(f.popularityLogSum(), now),
				this.settings.trending().valueAt(f.trendingLogSum(), now));
	}

}
