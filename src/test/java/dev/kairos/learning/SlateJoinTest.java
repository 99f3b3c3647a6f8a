package dev.kairos.learning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.Exposure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The join of slates and feedback, in event time, without Kafka: what it teaches the
 * model, observation by observation and summed ({@link ModelDelta}).
 */
class SlateJoinTest {

	private static final long WINDOW = 60_000;

	private static final long T0 = Instant.parse("2019-03-01T12:00:00Z").toEpochMilli();

	private final InMemorySlateStore store = new InMemorySlateStore();

	private final SlateJoin join = new SlateJoin(this.store, WINDOW);

	private final List<Observation> out = new ArrayList<>();

	private static double[] x(double... values) {
		return values;
	}

	private static ServedSlate slate(String id, String user, long at, boolean holdout, String... items) {
		List<ServedSlate.ShownItem> shown = new ArrayList<>();
		for (int i = 0; i < items.length; i++) {
			shown.add(new ServedSlate.ShownItem(items[i], i, 1.0, "exploit", x(1, i + 1, 0),
					Exposure.of(i, 0.05, 1.5, 0.04)));
		}
		return new ServedSlate(id, user, "linucb", 3, Instant.ofEpochMilli(at), shown, holdout);
	}

	private ModelDelta delta() {
		ModelDelta delta = new ModelDelta(3);
		this.out.forEach(delta::add);
		return delta;
	}

	private LinearStatistics statistics() {
		return LinearStatistics.fromPacked(3, delta().packed());
	}

	@Test
	void aServedSlateTeachesAtOnceWithoutAnyFeedback() {
		this.join.served(slate("r1", "u1", T0, false, "a", "b"), T0, this.out::add);
		// a clicks-only client that clicks nothing: both items are observations of
		// reward 0 already, long before any window closes
		assertThat(this.out).extracting(Observation::kind)
			.containsExactly(Observation.Kind.SHOWN, Observation.Kind.SHOWN);
		LinearStatistics s = statistics();
		assertThat(s.count()).isEqualTo(2);
		assertThat(s.toPacked()[1]).isZero(); // b = 0
		// shown, clicked, observations that changed the statistics
		assertThat(delta().counts().get("linucb")).containsExactly(2, 0, 2);
	}

	@Test
	void servedItemsCountAsExposuresAtServeTimeAndUnseenOnesAreTakenBack() {
		this.join.served(slate("r1", "u1", T0, false, "a", "b", "c"), T0, this.out::add);
		// at serve time: every item is an exposure, with the user, the item, the slate's
		// time and the exposure it was ranked with
		assertThat(this.out).allSatisfy((o) -> {
			assertThat(o.exposes()).isTrue();
			assertThat(o.userId()).isEqualTo("u1");
			assertThat(o.at()).isEqualTo(T0);
		});
		assertThat(this.out).extracting(Observation::itemId).containsExactly("a", "b", "c");
		assertThat(this.out.get(1).exposure()).isEqualTo(Exposure.of(1, 0.05, 1.5, 0.04));
		// the client reports a and b seen; c's exposure is taken back at the close
		this.join.impression("u1", "a", "r1", T0 + 1, this.out::add);
		this.join.impression("u1", "b", null, T0 + 2, this.out::add); // by the user's
																		// latest slate
		this.out.clear();
		this.join.advance(T0 + WINDOW, this.out::add);
		assertThat(this.out).singleElement().satisfies((o) -> {
			assertThat(o.kind()).isEqualTo(Observation.Kind.WITHDRAWN);
			assertThat(o.itemId()).isEqualTo("c");
			assertThat(o.exposure()).isEqualTo(Exposure.of(2, 0.05, 1.5, 0.04));
		});
	}

	@Test
	void anImpressionOfAnItemNoSlateShowedIsAnExposureOnly() {
		this.join.served(slate("r1", "u1", T0, false, "a"), T0, this.out::add);
		this.out.clear();
		this.join.impression("u1", "z", null, T0 + 1, this.out::add); // the client's own
																		// slate
		this.join.impression("u1", "y", "r1", T0 + 2, this.out::add); // named slate,
																		// other item
		this.join.impression("u1", "a", null, T0 + 3, this.out::add); // served: counted
																		// already
		assertThat(this.out).extracting(Observation::kind)
			.containsExactly(Observation.Kind.IMPRESSION_ONLY, Observation.Kind.IMPRESSION_ONLY);
		assertThat(this.out).extracting(Observation::itemId).containsExactly("z", "y");
		assertThat(this.out).allSatisfy((o) -> {
			assertThat(o.exposes()).isTrue();
			assertThat(o.learn()).isFalse();
		});
		// the model learns nothing from them
		assertThat(statistics().count()).isZero();
	}

	@Test
	void aClickRaisesTheRewardOnceAndRepeatsChangeNothing() {
		this.join.served(slate("r1", "u1", T0, false, "a", "b"), T0, this.out::add);
		this.join.feedback("u1", "b", "r1", 0.2, T0 + 1000, this.out::add); // a view
		this.join.feedback("u1", "b", "r1", 1.0, T0 + 2000, this.out::add); // a click
		this.join.feedback("u1", "b", "r1", 1.0, T0 + 3000, this.out::add); // a retry
		this.join.feedback("u1", "b", "r1", 0.2, T0 + 4000, this.out::add); // lower
		LinearStatistics s = statistics();
		// b = 1 · x_b = (1, 2, 0), n = 2, as one observation of reward 1 and one of 0
		assertThat(s.count()).isEqualTo(2);
		assertThat(s.toPacked()).startsWith(2, 1, 2, 0);
		// two shown, two raises (the view, then the click)
		assertThat(delta().counts().get("linucb")).containsExactly(2, 1, 4);
		assertThat(delta().clicks()).hasSize(1);
	}

	@Test
	void feedbackWithoutARecommendationIdJoinsTheUsersLatestSlateThatShowedTheItem() {
		this.join.served(slate("r1", "u1", T0, false, "a"), T0, this.out::add);
		this.join.served(slate("r2", "u1", T0 + 10, false, "a"), T0 + 10, this.out::add);
		this.join.feedback("u1", "a", null, 1.0, T0 + 20, this.out::add);
		this.join.feedback("u2", "a", null, 1.0, T0 + 30, this.out::add); // another user
		assertThat(this.out.stream().filter((o) -> o.kind() == Observation.Kind.CREDIT)).hasSize(1);
	}

	@Test
	void windowsCloseByEventTimeNotByTheWallClock() {
		// a replay from 2019: the wall clock is years ahead, yet nothing closes until the
		// events' time passes the window
		this.join.served(slate("r1", "u1", T0, false, "a"), T0, this.out::add);
		assertThat(this.join.advance(T0 + WINDOW - 1, this.out::add)).isZero();
		this.join.feedback("u1", "a", "r1", 1.0, T0 + WINDOW - 1, this.out::add);
		assertThat(this.out).extracting(Observation::kind).contains(Observation.Kind.CREDIT);
		assertThat(this.join.advance(T0 + WINDOW, this.out::add)).isEqualTo(1);
		assertThat(this.store.open()).isZero();
		// feedback after the window teaches nothing
		int before = this.out.size();
		this.join.feedback("u1", "a", "r1", 1.0, T0 + WINDOW + 1, this.out::add);
		this.join.advance(T0 + 3 * WINDOW, this.out::add);
		assertThat(this.out).hasSize(before);
	}

	@Test
	void aSlateThatArrivesAfterItsWindowClosedIsNotLearned() {
		this.join.served(slate("r1", "u1", T0, false, "a"), T0 + WINDOW, this.out::add);
		assertThat(this.out).isEmpty();
	}

	@Test
	void feedbackThatArrivesBeforeItsSlateIsAppliedWhenTheSlateArrives() {
		this.join.impression("u1", "a", "r1", T0 + 5, this.out::add);
		this.join.feedback("u1", "a", "r1", 1.0, T0 + 6, this.out::add);
		assertThat(this.out).isEmpty();
		this.join.served(slate("r1", "u1", T0, false, "a", "b"), T0 + 6, this.out::add);
		assertThat(this.out).extracting(Observation::kind)
			.containsExactly(Observation.Kind.SHOWN, Observation.Kind.SHOWN, Observation.Kind.CREDIT);
		// the early feedback's own schedule does not close the slate early
		assertThat(this.join.advance(T0 + WINDOW - 1, this.out::add)).isZero();
		assertThat(this.join.advance(T0 + WINDOW + 6, this.out::add)).isEqualTo(1);
		assertThat(this.store.open()).isZero();
	}

	@Test
	void earlyFeedbackWhoseSlateNeverComesIsForgottenWhenItsWindowCloses() {
		this.join.feedback("u1", "a", "lost", 1.0, T0, this.out::add);
		assertThat(this.store.open()).isEqualTo(1);
		this.join.advance(T0 + WINDOW, this.out::add);
		assertThat(this.store.open()).isZero();
		assertThat(this.out).isEmpty();
	}

	@Test
	void itemsAClientReportedAsNotSeenAreWithdrawnWhenTheWindowCloses() {
		this.join.served(slate("r1", "u1", T0, false, "a", "b", "c"), T0, this.out::add);
		// the client reports impressions: a was seen, b was clicked, c never came into
		// view
		this.join.impression("u1", "a", "r1", T0 + 1, this.out::add);
		this.join.feedback("u1", "b", "r1", 1.0, T0 + 2, this.out::add);
		this.join.advance(T0 + WINDOW, this.out::add);
		assertThat(this.out).extracting(Observation::kind).endsWith(Observation.Kind.WITHDRAWN);
		LinearStatistics s = statistics();
		assertThat(s.count()).isEqualTo(2); // a (reward 0) and b (reward 1)
		double[] expected = LinearStatistics.observation(x(1, 1, 0), 0)
			.plus(LinearStatistics.observation(x(1, 2, 0), 1))
			.toPacked();
		double[] got = s.toPacked();
		for (int k = 0; k < expected.length; k++) {
			assertThat(got[k]).as("entry %d", k).isCloseTo(expected[k], within(1e-12));
		}
	}

	@Test
	void aClicksOnlyClientsSlatesAreNeverWithdrawn() {
		this.join.served(slate("r1", "u1", T0, false, "a", "b"), T0, this.out::add);
		this.join.feedback("u1", "a", "r1", 1.0, T0 + 1, this.out::add);
		this.join.advance(T0 + WINDOW, this.out::add);
		assertThat(this.out).extracting(Observation::kind).doesNotContain(Observation.Kind.WITHDRAWN);
		assertThat(statistics().count()).isEqualTo(2);
	}

	@Test
	void heldOutSlatesTeachNothingAndHandTheirItemsToTheGuardWhenTheyClose() {
		this.join.served(slate("r1", "u1", T0, true, "a", "b"), T0, this.out::add);
		this.join.feedback("u1", "a", "r1", 1.0, T0 + 1, this.out::add);
		this.join.advance(T0 + WINDOW, this.out::add);
		ModelDelta delta = delta();
		assertThat(delta.learns()).isFalse();
		assertThat(delta.counts().get("linucb")).containsExactly(2, 1, 0);
		assertThat(delta.heldOut()).extracting((o) -> o.reward()).containsExactlyInAnyOrder(1.0, 0.0);
	}

	@Test
	void aRepeatedSlateIsJoinedOnce() {
		ServedSlate slate = slate("r1", "u1", T0, false, "a");
		this.join.served(slate, T0, this.out::add);
		this.join.served(slate, T0, this.out::add);
		assertThat(statistics().count()).isEqualTo(1);
	}

	@Test
	void rewardsMustBeFinite() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.join.feedback("u1", "a", "r1", Double.NaN, T0, this.out::add));
	}

}
