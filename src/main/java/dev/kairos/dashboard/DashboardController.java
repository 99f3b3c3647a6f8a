package dev.kairos.dashboard;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard: its page at {@code /dashboard/} (static assets in
 * {@code static/dashboard/}, charts from the uPlot WebJar) and
 * {@code GET /dashboard/api/overview}, the service's meters as live figures.
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class DashboardController implements WebMvcConfigurer {

	/** Rates and quantiles are taken over at least this many milliseconds. */
	static final long SPAN_MILLIS = 5_000;

	private final MeterRegistry registry;

	private final Clock clock;

	private final OverviewWindow window = new OverviewWindow(SPAN_MILLIS);

	DashboardController(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@GetMapping("/dashboard/api/overview")
	OverviewWindow.Overview overview() {
		return this.window.add(MeterSample.read(this.registry, this.clock.millis()));
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/dashboard", "/dashboard/").setKeepQueryParams(true);
		registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
	}

}
