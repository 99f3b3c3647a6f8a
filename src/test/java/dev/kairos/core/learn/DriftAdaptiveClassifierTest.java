package dev.kairos.core.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After an abrupt concept change the drift-adaptive wrapper's log-loss over a window
 * recovers faster than the same learner left alone.
 */
class DriftAdaptiveClassifierTest {

	static final int CHANGE = 20_000;

	static final int WINDOW = 3_000;

	static final int DIMENSION = 10 * 10 + 1;

	static Stream<Arguments> cases() {
		Supplier<OnlineClassifier> adagrad = () -> new AdaGradLogisticRegression(DIMENSION, 0.3, 1e-6, 0.0);
		Supplier<OnlineClassifier> ftrl = () -> new FtrlProximal(DIMENSION, 0.3, 1.0, 0.1, 0.1);
		Supplier<OnlineClassifier> sgd = () -> new SgdLogisticRegression(DIMENSION, 0.5, 0.0,
				SgdLogisticRegression.Schedule.INVERSE_SQRT, 0.0);
		return Stream.of(Arguments.of("adagrad", adagrad, DriftAdaptiveClassifier.Response.RESET),
				Arguments.of("adagrad", adagrad, DriftAdaptiveClassifier.Response.BOOST_LEARNING_RATE),
				Arguments.of("ftrl", ftrl, DriftAdaptiveClassifier.Response.RESET),
				Arguments.of("ftrl", ftrl, DriftAdaptiveClassifier.Response.BOOST_LEARNING_RATE),
				Arguments.of("sgd", sgd, DriftAdaptiveClassifier.Response.BOOST_LEARNING_RATE));
	}

	@ParameterizedTest(name = "{0} {2}")
	@MethodSource("cases")
	void recoversFasterThanThePlainLearnerAfterAnAbruptChange(String name, Supplier<OnlineClassifier> factory,
			DriftAdaptiveClassifier.Response response) {
		List<DriftEvent> reported = new ArrayList<>();
		DriftAdaptiveClassifier adaptive = new DriftAdaptiveClassifier(factory.get(),
				new PageHinkley(0.05, 50, 1.0, 30), response, 10, 5, reported::add);
		OnlineClassifier plain = factory.get();
		SyntheticClickStream stream = new SyntheticClickStream(10, 10, 0.8, -1.0, 0, 0, 5);
		double adaptiveLoss = 0;
		double plainLoss = 0;
		double trueLoss = 0;
		for (int t = 0; t < CHANGE + WINDOW; t++) {
			if (t == CHANGE) {
				stream.changeConcept(1.2);
			}
			SyntheticClickStream.Example example = stream.next();
			if (t >= CHANGE) {
				adaptiveLoss += LogLoss.of(adaptive.predict(example.x()), example.label());
				plainLoss += LogLoss.of(plain.predict(example.x()), example.label());
				trueLoss += LogLoss.of(example.trueProbability(), example.label());
			}
			adaptive.learn(example.x(), example.label());
			plain.learn(example.x(), example.label());
		}
		adaptiveLoss /= WINDOW;
		plainLoss /= WINDOW;
		trueLoss /= WINDOW;
		System.out.printf("%s %s: adaptive %.4f plain %.4f true %.4f events %s%n", name, response, adaptiveLoss,
				plainLoss, trueLoss, adaptive.driftEvents());
		assertThat(adaptive.driftEvents()).isNotEmpty().isEqualTo(reported);
		assertThat(adaptive.driftEvents().get(0).example()).isBetween((long) CHANGE, (long) CHANGE + 500);
		assertThat(adaptive.driftEvents().get(0).response()).isEqualTo(response);
		assertThat(adaptiveLoss).isLessThan(plainLoss - 0.03);
	}

}
