package dev.kairos.api;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /}: a small page for the newcomer who opens the URL the service prints, with
 * links to the dashboard, the API contract and its Swagger UI, and health (on the
 * management port, which serves actuator alone).
 */
@RestController
class IndexController {

	/** The management server's port once it listens; 0 while unknown. */
	private final AtomicInteger managementPort = new AtomicInteger();

	@EventListener
	void onWebServer(WebServerInitializedEvent event) {
		if ("management".equals(event.getApplicationContext().getServerNamespace())) {
			this.managementPort.set(event.getWebServer().getPort());
		}
	}

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String index(HttpServletRequest request) {
		int management = this.managementPort.get();
		// the management port serves the same host; without a separate one, actuator is
		// here
		String health = (management > 0)
				? request.getScheme() + "://" + request.getServerName() + ":" + management + "/actuator/health"
				: "/actuator/health";
		return """
				<!doctype html>
				<html lang="en"><head><meta charset="utf-8"><title>Kairos</title>
				<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}</style>
				</head><body>
				<h1>Kairos</h1>
				<p>A real-time recommendation service: post events, get slates that learn from them.</p>
				<ul>
				<li><a href="/dashboard/">Dashboard</a>: live figures of the service</li>
				<li><a href="/swagger-ui.html">API explorer</a> (Swagger UI)</li>
				<li><a href="/v3/api-docs">OpenAPI contract</a> (JSON; <a href="/v3/api-docs.yaml">YAML</a>)</li>
				<li><a href="%s">Health</a> (management port)</li>
				</ul>
				</body></html>
				""".formatted(HtmlUtils.htmlEscape(health));
	}

}
