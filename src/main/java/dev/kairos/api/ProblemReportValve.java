package dev.kairos.api;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Tomcat's error report for requests it refuses before they reach Kairos (a malformed
 * request line or URL, an encoded slash, oversized headers, bad chunked framing): a
 * problem document like every other error, instead of Tomcat's HTML page.
 */
public class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		if (status == 501) {
			// an unknown transfer coding or method: the client's request is at fault
			status = 400;
			response.setStatus(status);
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		URI type = (status == 400) ? ProblemTypes.MALFORMED_REQUEST : ProblemHandler.typeFor(status);
		String detail = (status == 400)
				? "the HTTP request is malformed: check the request line, the URL's encoding and the headers"
				: (status >= 500) ? "the server could not process this request" : "the request was refused";
		String body = "{\"type\":\"" + type + "\",\"title\":\"" + title(status) + "\",\"status\":" + status
				+ ",\"detail\":\"" + detail + "\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away or the response is committed: nothing more to say
		}
	}

	private static String title(int status) {
		return switch (status) {
			case 400 -> "Malformed request";
			case 404 -> "Not found";
			case 405 -> "Method not allowed";
			case 413 -> "Body too large";
			case 414 -> "URI too long";
			case 431 -> "Headers too large";
			case 501 -> "Not implemented";
			case 505 -> "HTTP version not supported";
			default -> "Error " + status;
		};
	}

	/**
	 * Puts this valve in place of the {@link ErrorReportValve} Spring Boot configures.
	 */
	static WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> customizer() {
		return new Customizer();
	}

	private static final class Customizer
			implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

		@Override
		public void customize(ConfigurableTomcatWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				Container parent = context.getParent();
				if (parent instanceof StandardHost host) {
					for (Valve valve : host.getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
							host.getPipeline().removeValve(valve);
						}
					}
					// the host adds a valve of this class on start unless it finds one
					host.setErrorReportValveClass(ProblemReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			// after Spring Boot's own customizer, which adds its ErrorReportValve
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
