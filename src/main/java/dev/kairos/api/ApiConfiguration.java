package dev.kairos.api;

import dev.kairos.config.KairosProperties;
import dev.kairos.metrics.KairosMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** HTTP concerns that cut across endpoints: body limits and problem documents. */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(KairosProperties properties, JsonMapper json,
			KairosMetrics metrics) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(properties.api().maxBodySize().toBytes(), json, metrics));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	ProblemHandler.RetryAfter retryAfter(KairosProperties properties) {
		return new ProblemHandler.RetryAfter(Math.max(1, properties.events().retryAfter().toSeconds()));
	}

}
