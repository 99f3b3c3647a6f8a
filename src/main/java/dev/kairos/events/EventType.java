package dev.kairos.events;

import java.util.Locale;

/** What a user did with an item. */
public enum EventType {

	/** The item was shown. */
	IMPRESSION,
	/** The user looked at the item's page. */
	VIEW,
	/** The user clicked the item. */
	CLICK,
	/** The user bought the item. */
	PURCHASE,
	/** The user explicitly passed over the item: a negative signal. */
	SKIP;

	/** The name on the wire: lower case. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** After a click or a purchase the item is not recommended to that user again. */
	public boolean consumes() {
		return this == CLICK || this == PURCHASE;
	}

	/** The type with this wire name, or {@code null}. */
	public static EventType fromWireName(String name) {
		for (EventType type : values()) {
			if (type.wireName().equals(name)) {
				return type;
			}
		}
		return null;
	}

}
