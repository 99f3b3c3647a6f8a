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
import dev.kairos.validation.InvalidInputException;
import dev.kairos.validation.Labels;
import dev.kairos.validation.QueryParameters;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The catalogue over HTTP: {@code PUT/POST/DELETE/GET /items}, and its pages. */
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

	/** The default and the largest page of {@code GET /items}. */
	static final int DEFAULT_PAGE = 100;

	static final int MAX_PAGE = 1000;

	/**
	 * A page of the catalogue: the items' metadata in id order, and the cursor of the
	 * next page ({@code null} on the last).
	 */
	record CataloguePage(List<Item> items, String nextCursor) {
	}

	/**
	 * {@code GET /items?category=&cursor=&limit=}: the catalogue page by page, retired
	 * items included ({@code active: false}). The cursor is opaque: pass back the
	 * {@code nextCursor} of the previous page. Pages follow item ids, so items added or
	 * removed while a client pages through never make another item appear twice or be
	 * skipped.
	 */
	@GetMapping("/items")
	CataloguePage list(@RequestParam(required = false) String category, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) String limit) {
		if (category != null) {
			Labels.require("category", category);
		}
		int size = QueryParameters.integer("limit", limit, DEFAULT_PAGE, 1, MAX_PAGE);
		String after = (cursor != null) ? decodeCursor(cursor) : null;
		ItemCatalog.Page page = this.catalog.page(category, after, size);
		String next = (page.more() && !page.items().isEmpty())
				? encodeCursor(page.items().get(page.items().size() - 1).itemId()) : null;
		return new CataloguePage(page.items(), next);
	}

	private static String encodeCursor(String itemId) {
		return java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(itemId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static String decodeCursor(String cursor) {
		String itemId;
		try {
			itemId = new String(java.util.Base64.getUrlDecoder().decode(cursor),
					java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("cursor", "is not a cursor this service gave (pass nextCursor back as is)");
		}
		if (!Ids.isValid(itemId)) {
			throw new InvalidInputException("cursor", "is not a cursor this service gave (pass nextCursor back as is)");
		}
		return itemId;
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
