package dev.kairos.api;

import dev.kairos.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a proxy (here: requests from the loopback address, one of Tomcat's internal
 * proxies by default), the rate limit keys each client by the address in
 * {@code X-Forwarded-For}, not by the proxy's: one client over its limit gets 429 while
 * another, through the same proxy, is still served. Real HTTP, real Kafka and Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.security.rate-limit=0.01", "kairos.security.burst=3" })
class ForwardedClientRateLimitTest {

	@LocalServerPort
	private int port;

	private Http.Answer asClient(String address) {
		return new Http(this.port).request("GET", "/items?limit=1", null, "X-Forwarded-For", address);
	}

	@Test
	void eachForwardedClientHasItsOwnBucket() {
		for (int i = 0; i < 3; i++) {
			assertThat(asClient("203.0.113.7").status()).isEqualTo(200);
		}
		Http.Answer over = asClient("203.0.113.7");
		assertThat(over.status()).isEqualTo(429);
		assertThat(over.raw().headers().firstValue("Retry-After")).isPresent();
		// another client behind the same proxy still has its burst
		for (int i = 0; i < 3; i++) {
			assertThat(asClient("198.51.100.23").status()).isEqualTo(200);
		}
		// a chain of proxies: the client is the first address not an internal proxy
		assertThat(asClient("198.51.100.99, 10.0.0.5").status()).isEqualTo(200);
		assertThat(asClient("203.0.113.7, 10.0.0.5").status()).isEqualTo(429);
		// and a request without the header is keyed by its own (loopback) address
		assertThat(new Http(this.port).get("/items?limit=1").status()).isEqualTo(200);
	}

}
