package dev.kairos.kafka;

import java.time.Instant;
import java.util.List;

import dev.kairos.core.ranking.Exposure;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.learning.Observation;
import dev.kairos.learning.ServedSlate;
import dev.kairos.learning.SlateJoin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The binary forms of the learning path round-trip exactly (the worker learns from the
 * very vector that was scored), and a slate's form is compact.
 */
class WireFormatsTest {

	private static double[] features(int seed) {
		double[] x = new double[FeatureVector.DIMENSION];
		x[0] = 1;
		x[3] = 0.1 * seed + 1e-17;
		x[17] = -Math.PI / seed;
		x[31] = Double.MIN_VALUE;
		return x;
	}

	private static ServedSlate slate() {
		return new ServedSlate("5f0c6a3e-1b2d-4c1e-9a7b-3d2e1f0a9b8c", "user-ü-42", "linucb", 17,
				Instant.parse("2019-03-01T12:00:00.123Z"),
				List.of(new ServedSlate.ShownItem("item-1", 0, 1.0, "exploit", features(1),
						new Exposure(1, 0.05, 0.2, 0.03125, 0.375)),
						new ServedSlate.ShownItem("item-2", 1, 0.25, "interest-clock", features(2), null)),
				true, false, 0.0125, "1/0.25/2");
	}

	@Test
	void theDeterministicFlagAndThePropensityErrorRoundTrip() {
		ServedSlate slate = slate();
		ServedSlate back = ServedSlateCodec.decode(ServedSlateCodec.encode(slate));
		assertThat(back.deterministic()).isFalse();
		assertThat(back.propensityError()).isEqualTo(0.0125);
		assertThat(back.variant()).isEqualTo("1/0.25/2");
		ServedSlate deterministic = new ServedSlate("r", "u", "linucb", 1, Instant.EPOCH,
				List.of(new ServedSlate.ShownItem("i", 0, 1.0, "exploit", features(1), null)), false);
		ServedSlate again = ServedSlateCodec.decode(ServedSlateCodec.encode(deterministic));
		assertThat(again.deterministic()).isTrue();
		assertThat(again.propensityError()).isZero();
		assertThat(again.holdout()).isFalse();
	}

	@Test
	void aVersion2SlateIsReadWithAnUnknownPropensityError() {
		// version 2: no propensity error after the flags, and propensities untrue (1.0)
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
			out.writeByte(2);
			out.writeUTF("r2");
			out.writeUTF("u2");
			out.writeUTF("linear-thompson");
			out.writeLong(5);
			out.writeLong(1000);
			out.writeByte(1);
			out.writeShort(0);
			out.writeShort(1);
			out.writeUTF("i1");
			out.writeShort(0);
			out.writeDouble(1.0);
			out.writeUTF("exploit");
			out.writeByte(0);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		ServedSlate back = ServedSlateCodec.decode(bytes.toByteArray());
		assertThat(back.policy()).isEqualTo("linear-thompson");
		assertThat(back.holdout()).isTrue();
		assertThat(back.deterministic()).isFalse();
		assertThat(back.propensityError()).isNaN();
		assertThat(back.variant()).isEmpty();
		assertThat(back.items()).singleElement().satisfies((item) -> assertThat(item.itemId()).isEqualTo("i1"));
		assertThat(ServedSlateCodec.at(bytes.toByteArray())).isEqualTo(1000);
	}

	@Test
	void aSlateRoundTripsExactly() {
		ServedSlate slate = slate();
		ServedSlate back = ServedSlateCodec.decode(ServedSlateCodec.encode(slate));
		assertThat(back.recommendationId()).isEqualTo(slate.recommendationId());
		assertThat(back.userId()).isEqualTo(slate.userId());
		assertThat(back.policy()).isEqualTo("linucb");
		assertThat(back.modelVersion()).isEqualTo(17);
		assertThat(back.at()).isEqualTo(slate.at());
		assertThat(back.holdout()).isTrue();
		assertThat(back.items()).hasSize(2);
		for (int i = 0; i < 2; i++) {
			ServedSlate.ShownItem want = slate.items().get(i);
			ServedSlate.ShownItem got = back.items().get(i);
			assertThat(got.itemId()).isEqualTo(want.itemId());
			assertThat(got.position()).isEqualTo(want.position());
			assertThat(got.propensity()).isEqualTo(want.propensity());
			assertThat(got.reason()).isEqualTo(want.reason());
			assertThat(got.features()).containsExactly(want.features());
			assertThat(got.exposure()).isEqualTo(want.exposure());
		}
		assertThat(ServedSlateCodec.at(ServedSlateCodec.encode(slate))).isEqualTo(slate.at().toEpochMilli());
	}

	@Test
	void aSlateOfTenItemsWithFourFeaturesEachTakesUnderAKilobyte() {
		List<ServedSlate.ShownItem> items = new java.util.ArrayList<>();
		for (int i = 0; i < 10; i++) {
			items.add(new ServedSlate.ShownItem("item-" + i, i, 1.0, "exploit", features(i + 1),
					Exposure.of(i, 0.05, 1.2, 0.04)));
		}
		ServedSlate slate = new ServedSlate("5f0c6a3e-1b2d-4c1e-9a7b-3d2e1f0a9b8c", "user-42", "linucb", 3,
				Instant.now(), items, false);
		// 10 × (4 doubles + a 4-byte bitmap + 3 exposure doubles and 2 floats + ids): the
		// JSON form was about 5 KB
		assertThat(ServedSlateCodec.encode(slate).length).isLessThan(1152);
	}

	@Test
	void otherBytesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServedSlateCodec.decode("{\"v\":1}".getBytes()));
		assertThatIllegalArgumentException().isThrownBy(() -> ServedSlateCodec.decode(new byte[] { 2, 0 }));
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationCodec.decode(new byte[] { 9 }));
	}

	@Test
	void anObservationRoundTrips() {
		Observation o = new Observation(Observation.Kind.CREDIT, "linear-thompson", "explore", true, 0.8, true,
				features(3));
		Observation back = ObservationCodec.decode(ObservationCodec.encode(o));
		assertThat(back.kind()).isEqualTo(o.kind());
		assertThat(back.policy()).isEqualTo(o.policy());
		assertThat(back.reason()).isEqualTo(o.reason());
		assertThat(back.learn()).isTrue();
		assertThat(back.reward()).isEqualTo(0.8);
		assertThat(back.firstPositive()).isTrue();
		assertThat(back.x()).containsExactly(o.x());
		assertThat(back.variant()).isEmpty();
	}

	@Test
	void anObservationCarriesItsPolicysVariant() {
		Observation o = new Observation(Observation.Kind.CREDIT, "meta-bandit", "explore", true, 1, true, features(3),
				"user-ü", "item-ü", 5, null, "alpha=0.3;p=0.25");
		Observation back = ObservationCodec.decode(ObservationCodec.encode(o));
		assertThat(back.itemId()).isEqualTo("item-ü");
		assertThat(back.variant()).isEqualTo("alpha=0.3;p=0.25");
		assertThat(back.exposure()).isNull();
	}

	@Test
	void aVersion1ObservationIsReadWithoutItemOrVariant() throws java.io.IOException {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
			out.writeByte(1);
			out.writeByte(Observation.Kind.SHOWN.ordinal());
			out.writeUTF("linucb");
			out.writeUTF("exploit");
			out.writeByte(1);
			out.writeDouble(0);
			out.writeShort(1);
			out.writeByte(1);
			out.writeDouble(0.5);
		}
		Observation back = ObservationCodec.decode(bytes.toByteArray());
		assertThat(back.kind()).isEqualTo(Observation.Kind.SHOWN);
		assertThat(back.x()).containsExactly(0.5);
		assertThat(back.itemId()).isNull();
		assertThat(back.variant()).isEmpty();
	}

	@Test
	void anObservationCarriesItsItemAndExposure() {
		Observation o = new Observation(Observation.Kind.WITHDRAWN, "linucb", "exploit", true, 0, false, features(3),
				"user-1", "item-9", 1_700_000_000_123L, new Exposure(0.63, 0.02, 0.05, 0.0078125, 0.75));
		Observation back = ObservationCodec.decode(ObservationCodec.encode(o));
		assertThat(back.userId()).isEqualTo("user-1");
		assertThat(back.itemId()).isEqualTo("item-9");
		assertThat(back.at()).isEqualTo(1_700_000_000_123L);
		assertThat(back.exposure()).isEqualTo(o.exposure());
		assertThat(back.exposes()).isTrue();
		Observation bare = ObservationCodec.decode(ObservationCodec
			.encode(new Observation(Observation.Kind.SHOWN, "linucb", "exploit", true, 0, false, features(3))));
		assertThat(bare.userId()).isNull();
		assertThat(bare.exposure()).isNull();
		assertThat(bare.exposes()).isFalse();
	}

	@Test
	void theJoinsPendingStateRoundTrips() {
		SlateJoin.Pending pending = new SlateJoin.Pending(slate(), new double[] { Double.NaN, 0.2 },
				new boolean[] { false, true }, true, List.of());
		SlateJoin.Pending back = AttributionStreams.PendingCodec
			.decode(AttributionStreams.PendingCodec.encode(pending));
		assertThat(back.slate().recommendationId()).isEqualTo(pending.slate().recommendationId());
		assertThat(back.credited()).containsExactly(Double.NaN, 0.2);
		assertThat(back.seen()).containsExactly(false, true);
		assertThat(back.reported()).isTrue();
		SlateJoin.Pending early = new SlateJoin.Pending(null, new double[0], new boolean[0], false,
				List.of(new SlateJoin.Early("a", null), new SlateJoin.Early("b", 1.0)));
		SlateJoin.Pending earlyBack = AttributionStreams.PendingCodec
			.decode(AttributionStreams.PendingCodec.encode(early));
		assertThat(earlyBack.slate()).isNull();
		assertThat(earlyBack.early()).containsExactly(new SlateJoin.Early("a", null), new SlateJoin.Early("b", 1.0));
	}

}
