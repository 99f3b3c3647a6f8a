package dev.kairos.dashboard;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dashboard/api/overview}: the service's meters as live figures, for the
 * dashboard's page ({@link DashboardPage}).
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class DashboardController {

	/** Rates and quantiles are taken over at least this many milliseconds. */
	static final long SPAN_MILLIS = 5_000;

	/** The application's registry, or an empty one where metrics are off. */
	private final MeterRegistry registry;

	private final Clock clock;

	private final OverviewWindow window = new OverviewWindow(SPAN_MILLIS);

	DashboardController(ObjectProvider<MeterRegistry> registry, Clock clock) {
		// without a registry every meter reads as not registered
		this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
		this.clock = clock;
	}

	@GetMapping("/dashboard/api/overview")
	OverviewWindow.Overview overview() {
		return this.window.add(MeterSample.read(this.registry, this.clock.millis()));
	}

}
