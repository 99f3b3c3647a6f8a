package dev.kairos.api;

import dev.kairos.config.KairosProperties;
import dev.kairos.metrics.KairosMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * HTTP concerns that cut across endpoints: API keys, rate limits, body limits and problem
 * documents.
 */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ApiConfiguration.class);

	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(KairosProperties properties, JsonMapper json,
			KairosMetrics metrics) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(properties.api().maxBodySize().toBytes(), json, metrics));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(KairosProperties properties, JsonMapper json) {
		KairosProperties.Security security = properties.security();
		ApiKeyFilter filter = new ApiKeyFilter(security, json);
		FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(filter);
		// before the body limit: a caller without a key learns nothing about the body
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		registration.setEnabled(filter.isActive());
		log.info("API access: {} write key(s), {} read key(s), recommendations {}, rate limit {}",
				security.writeKeys().stream().filter((k) -> !k.isBlank()).count(),
				security.readKeys().stream().filter((k) -> !k.isBlank()).count(),
				(security.recommendationsOpen() || security.readKeys().isEmpty()) ? "open" : "need a key",
				(security.rateLimit() > 0) ? security.rateLimit() + "/s per key, burst " + security.burst() : "off");
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReportValve() {
		return ProblemReportValve.customizer();
	}

	@Bean
	ProblemHandler.RetryAfter retryAfter(KairosProperties properties) {
		return new ProblemHandler.RetryAfter(Math.max(1, properties.events().retryAfter().toSeconds()));
	}

}
