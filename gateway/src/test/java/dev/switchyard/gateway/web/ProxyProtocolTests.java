package dev.switchyard.gateway.web;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import dev.switchyard.gateway.FakeRegistry;
import dev.switchyard.gateway.GatewayTest;
import dev.switchyard.gateway.TestCluster;
import dev.switchyard.test.spelling.CaptureServer;
import dev.switchyard.test.spelling.CaptureServer.Captured;
import dev.switchyard.test.spelling.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.RoutePolicies;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PROXY protocol v2 over raw sockets, with 127.0.0.2 as the only trusted proxy: from
 * there, the client address in the header is the one the node sees in
 * {@code X-Forwarded-For}; from 127.0.0.1, a connection that starts with a PROXY header
 * is closed unanswered and nothing reaches the node, while plain HTTP is served as ever.
 */
@GatewayTest
@TestPropertySource(properties = "gateway.balancer.trusted-proxies=127.0.0.2")
class ProxyProtocolTests {

	private static final String REQUEST = "GET /api/proxied HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n";

	private static final InetAddress TRUSTED = address(127, 0, 0, 2);

	private static final InetAddress UNTRUSTED = address(127, 0, 0, 1);

	private static CaptureServer capture;

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private RoutePolicies routePolicies;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startCapture() {
		capture = CaptureServer.start();
	}

	@AfterAll
	static void stopCapture() {
		capture.close();
	}

	@BeforeEach
	void routeToCapture() {
		this.routePolicies.set("api", "round-robin", null);
		this.cluster.register(this.client, FakeRegistry.Instance.up("capture", capture.port()));
		capture.clear();
	}

	@Test
	void shouldForwardTheClientAddressOfAProxyHeaderFromATrustedProxy() {
		RawHttp.Response response = RawHttp.exchange(TRUSTED, this.port,
				proxyV2(address(203, 0, 113, 7), 40123) + REQUEST);

		assertThat(response.status()).isEqualTo(200);
		assertThat(single().header("X-Forwarded-For")).containsExactly("203.0.113.7");
	}

	@Test
	void shouldServeATrustedProxyThatSendsNoHeader() {
		RawHttp.Response response = RawHttp.exchange(TRUSTED, this.port, REQUEST);

		assertThat(response.status()).isEqualTo(200);
		assertThat(single().header("X-Forwarded-For")).containsExactly("127.0.0.2");
	}

	@Test
	void shouldCloseAConnectionFromAnUntrustedAddressThatSendsAProxyHeader() {
		int status;
		try {
			status = RawHttp.exchange(UNTRUSTED, this.port, proxyV2(address(203, 0, 113, 7), 40123) + REQUEST).status();
		}
		catch (UncheckedIOException ex) {
			// reset: closed with the request unread
			status = -1;
		}

		assertThat(status).as("answer to an untrusted PROXY header").isEqualTo(-1);
		await().during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(capture.bytesReceived()).as("bytes at the node").isZero());
	}

	@Test
	void shouldCloseAConnectionFromAnUntrustedAddressThatSendsAVersion1Header() {
		int status;
		try {
			status = RawHttp.exchange(UNTRUSTED, this.port, "PROXY TCP4 203.0.113.7 127.0.0.1 40123 80\r\n" + REQUEST)
				.status();
		}
		catch (UncheckedIOException ex) {
			status = -1;
		}

		assertThat(status).as("answer to an untrusted PROXY header").isEqualTo(-1);
		assertThat(capture.bytesReceived()).as("bytes at the node").isZero();
	}

	@Test
	void shouldServePlainHttpFromAnUntrustedAddress() {
		RawHttp.Response response = RawHttp.exchange(UNTRUSTED, this.port, REQUEST);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header(GatewayNameWebFilter.GATEWAY)).isNotBlank();
		assertThat(single().header("X-Forwarded-For")).containsExactly("127.0.0.1");
	}

	/**
	 * A PROXY protocol v2 header (PROXY command, TCP over IPv4) to 127.0.0.1:80, each
	 * character one byte.
	 */
	private static String proxyV2(InetAddress source, int sourcePort) {
		StringBuilder header = new StringBuilder("\r\n\r\n\0\r\nQUIT\n");
		header.append((char) 0x21).append((char) 0x11).append((char) 0).append((char) 12);
		for (byte octet : source.getAddress()) {
			header.append((char) (octet & 0xFF));
		}
		header.append((char) 127).append((char) 0).append((char) 0).append((char) 1);
		header.append((char) (sourcePort >> 8)).append((char) (sourcePort & 0xFF));
		header.append((char) 0).append((char) 80);
		return header.toString();
	}

	private static Captured single() {
		await().atMost(Duration.ofSeconds(5)).until(() -> !capture.requests().isEmpty());
		List<Captured> requests = capture.requests();
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private static InetAddress address(int a, int b, int c, int d) {
		try {
			return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
