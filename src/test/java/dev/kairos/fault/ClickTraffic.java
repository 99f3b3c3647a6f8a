package dev.kairos.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.Http;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outage tests' traffic and bookkeeping: batches of clicks on one item, each by a
 * user of its own, the clicks Kairos counted on that item, and a topic's end offset.
 */
final class ClickTraffic {

	private ClickTraffic() {
	}

	/**
	 * Events of one batch: each a click of its own user (u-PHASE-BATCH-I) on the item.
	 */
	static String batch(String phase, int batch, int size, String itemId) {
		List<String> events = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			events.add("{\"userId\":\"u-" + phase + "-" + batch + "-" + i + "\",\"itemId\":\"" + itemId
					+ "\",\"type\":\"click\"}");
		}
		return "[" + String.join(",", events) + "]";
	}

	/** All clicks ever counted on the item every event is about. */
	static long clicks(Http http, String itemId) {
		Http.Answer item = http.get("/items/" + itemId);
		assertThat(item.status()).isEqualTo(200);
		return item.json().get("counts").path("click").asLong(0);
	}

	/** The sum of a topic's partitions' end offsets. */
	static long endOffset(String bootstrap, String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int p = 0; p < partitions; p++) {
				latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			return admin.listOffsets(latest).all().get().values().stream().mapToLong((info) -> info.offset()).sum();
		}
	}

}
