package dev.kairos.dashboard;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard's page at {@code /dashboard/}: static files in {@code static/dashboard/}
 * (HTML, CSS, ES modules), charts from the uPlot WebJar under {@code /webjars/}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class DashboardPage implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		// keeps ?refresh=
		registry.addRedirectViewController("/dashboard", "/dashboard/").setKeepQueryParams(true);
		registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
	}

}
