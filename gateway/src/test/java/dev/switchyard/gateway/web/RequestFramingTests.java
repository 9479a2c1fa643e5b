package dev.switchyard.gateway.web;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchyard.gateway.balancer.RoutePolicies;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Request framing (RFC 9112) over raw sockets, against the gateway in front of a
 * {@link CaptureServer} that records every byte that reaches it: a request whose body
 * length is ambiguous is answered 400 and nothing reaches the node; a hop-by-hop header
 * never reaches it, and the request does.
 */
@GatewayTest
class RequestFramingTests {

	private static final String TARGET = "POST /api/framing HTTP/1.1\r\nHost: gateway\r\n";

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

	static Stream<Arguments> ambiguous() {
		return Stream.of(
				// Netty's decoder: Content-Length with Transfer-Encoding (RFC 9112 §6.1)
				row("Content-Length and Transfer-Encoding",
						TARGET + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("Transfer-Encoding then Content-Length",
						TARGET + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("Content-Length 0 and Transfer-Encoding",
						TARGET + "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				// Netty's decoder: several Content-Lengths (RFC 9112 §6.3)
				row("two different Content-Lengths", TARGET + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
				row("two equal Content-Lengths", TARGET + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
				row("a list of different Content-Lengths", TARGET + "Content-Length: 5, 6\r\n\r\nhello!"),
				row("a list of equal Content-Lengths", TARGET + "Content-Length: 5, 5\r\n\r\nhello"),
				row("a signed Content-Length", TARGET + "Content-Length: +5\r\n\r\nhello"),
				row("a negative Content-Length", TARGET + "Content-Length: -5\r\n\r\nhello"),
				row("a Content-Length that is not a number", TARGET + "Content-Length: 5x\r\n\r\nhello"),
				row("a hexadecimal Content-Length", TARGET + "Content-Length: 0x5\r\n\r\nhello"),
				row("a Content-Length over a long", TARGET + "Content-Length: 99999999999999999999\r\n\r\nhello"),
				// Netty's decoder: chunked not the last coding
				row("chunked before another coding",
						TARGET + "Transfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("Transfer-Encoding in HTTP/1.0",
						"POST /api/framing HTTP/1.0\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				// RequestFramingHandler: codings the decoder lets through
				row("chunked in one field, gzip in the next", TARGET
						+ "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("an unknown coding alone", TARGET + "Transfer-Encoding: gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("identity", TARGET + "Transfer-Encoding: identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("a coding that ends in chunked",
						TARGET + "Transfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("another coding before chunked",
						TARGET + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("chunked twice", TARGET + "Transfer-Encoding: chunked, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("chunked twice in two fields", TARGET
						+ "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("an empty coding", TARGET + "Transfer-Encoding: ,chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
				row("an unknown coding with a Content-Length",
						TARGET + "Content-Length: 5\r\nTransfer-Encoding: gzip\r\n\r\nhello"),
				// Netty's decoder (header validation): whitespace between a name and its
				// colon
				row("a space before a colon", TARGET + "Content-Length : 5\r\n\r\nhello"),
				row("a tab before a colon", TARGET + "Content-Length\t: 5\r\n\r\nhello"),
				row("a space before Transfer-Encoding's colon",
						TARGET + "Content-Length: 5\r\nTransfer-Encoding : chunked\r\n\r\nhello"),
				row("a space before an ordinary header's colon", TARGET + "X-Test : 1\r\nContent-Length: 0\r\n\r\n"),
				row("a space before the first header's name",
						"POST /api/framing HTTP/1.1\r\n Host: gateway\r\nContent-Length: 0\r\n\r\n"),
				// Netty's decoder (strict line parsing): bare LF and CR
				row("bare LF line ends everywhere",
						"POST /api/framing HTTP/1.1\nHost: gateway\nContent-Length: 5\n\nhello"),
				row("a bare LF after one header", TARGET + "X-Test: 1\nContent-Length: 5\r\n\r\nhello"),
				row("a bare LF after the request line",
						"POST /api/framing HTTP/1.1\nHost: gateway\r\nContent-Length: 5\r\n\r\nhello"),
				row("a bare CR in a header", TARGET + "X-Test: 1\rContent-Length: 5\r\n\r\nhello"),
				// Netty's decoder: invalid chunk sizes and chunk lines
				row("a chunk size that is not hexadecimal",
						TARGET + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
				row("a chunk size over an int",
						TARGET + "Transfer-Encoding: chunked\r\n\r\nfffffffff\r\nhello\r\n0\r\n\r\n"),
				row("a negative chunk size", TARGET + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n"),
				row("a chunk size with 0x", TARGET + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n"),
				row("an empty chunk size", TARGET + "Transfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n"),
				row("a chunk longer than its size",
						TARGET + "Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"),
				row("a chunk extension ended by a bare LF",
						TARGET + "Transfer-Encoding: chunked\r\n\r\n5;a=b\nhello\r\n0\r\n\r\n"),
				row("a chunk extension with a control character",
						TARGET + "Transfer-Encoding: chunked\r\n\r\n5;a=\u0001\r\nhello\r\n0\r\n\r\n"));
	}

	static Stream<Arguments> hopByHop() {
		return Stream.of(
				row("Connection names a header", "Connection: close, X-Secret", "X-Secret: 1",
						List.of("connection", "x-secret")),
				row("Connection names two headers", "Connection: close, X-One, X-Two", "X-One: 1\r\nX-Two: 2",
						List.of("connection", "x-one", "x-two")),
				row("two Connection fields", "Connection: close, X-One\r\nConnection: X-Two", "X-One: 1\r\nX-Two: 2",
						List.of("connection", "x-one", "x-two")),
				row("Connection names a header in another case", "Connection: x-secret, close", "X-SECRET: 1",
						List.of("connection", "x-secret")),
				row("Keep-Alive", "Connection: keep-alive, close", "Keep-Alive: timeout=5, max=100",
						List.of("connection", "keep-alive")),
				row("Proxy-Connection", "Connection: close", "Proxy-Connection: keep-alive",
						List.of("connection", "proxy-connection")),
				row("TE", "Connection: TE, close", "TE: trailers", List.of("connection", "te")),
				row("Trailer", "Connection: close", "Trailer: X-Checksum", List.of("connection", "trailer")),
				row("Upgrade to h2c", "Connection: Upgrade, close", "Upgrade: h2c", List.of("connection", "upgrade")),
				row("Upgrade to another protocol", "Connection: Upgrade, close", "Upgrade: IRC/6.9",
						List.of("connection", "upgrade")),
				row("Proxy-Authorization", "Connection: close", "Proxy-Authorization: Basic dXNlcjpwYXNz",
						List.of("connection", "proxy-authorization")),
				row("Proxy-Authenticate", "Connection: close", "Proxy-Authenticate: Basic realm=\"x\"",
						List.of("connection", "proxy-authenticate")));
	}

	private static Arguments row(Object... values) {
		return arguments(values);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("ambiguous")
	void shouldRejectAmbiguousFramingAndForwardNothing(String name, String request) {
		RawHttp.Response response = RawHttp.exchange(this.port, request);

		assertThat(response.status()).as(name).isEqualTo(400);
		await().during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(capture.bytesReceived()).as(name + ": bytes at the node").isZero());
		assertThat(response.header("Content-Type")).as(name).isEqualTo("application/problem+json");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hopByHop")
	void shouldForwardWithoutHopByHopHeaders(String name, String connection, String headers, List<String> absent) {
		String request = TARGET + connection + "\r\n" + headers + "\r\nX-Kept: yes\r\nContent-Length: 5\r\n\r\nhello";

		RawHttp.Response response = RawHttp.exchange(this.port, request);

		assertThat(response.status()).as(name).isEqualTo(200);
		Captured forwarded = single();
		assertThat(forwarded.header("X-Kept")).containsExactly("yes");
		assertThat(forwarded.body()).isEqualTo("hello");
		for (String header : absent) {
			assertThat(forwarded.header(header)).as(name + ": " + header + " at the node").isEmpty();
		}
	}

	@Test
	void shouldSayWhichCodingsAreSupported() {
		String request = TARGET + "Transfer-Encoding: gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n";

		RawHttp.Response response = RawHttp.exchange(this.port, request);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Connection")).isEqualTo("close");
		assertThat(response.body()).contains("\"detail\":\"The only Transfer-Encoding supported is chunked\"");
	}

	@Test
	void shouldForwardAChunkedBodyIntact() {
		String request = TARGET
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

		RawHttp.Response response = RawHttp.exchange(this.port, request);

		assertThat(response.status()).isEqualTo(200);
		assertThat(single().body()).isEqualTo("hello world");
	}

	@Test
	void shouldStreamAChunkedBodyLongerThanWhatIsHeld() {
		String chunk = "x".repeat(1000);
		StringBuilder request = new StringBuilder(TARGET + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
		for (int i = 0; i < 100; i++) {
			request.append("3e8\r\n").append(chunk).append("\r\n");
		}
		request.append("0\r\n\r\n");

		RawHttp.Response response = RawHttp.exchange(this.port, request.toString());

		assertThat(response.status()).isEqualTo(200);
		assertThat(single().body()).hasSize(100 * 1000).isEqualTo(chunk.repeat(100));
	}

	@Test
	void shouldForwardAFoldedValueUnfolded() {
		String request = TARGET + "X-Folded: one\r\n two\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

		RawHttp.Response response = RawHttp.exchange(this.port, request);

		assertThat(response.status()).isEqualTo(200);
		Captured forwarded = single();
		assertThat(forwarded.header("X-Folded")).containsExactly("one two");
		assertThat(forwarded.head()).doesNotContain("\r\n two");
	}

	private static Captured single() {
		await().atMost(Duration.ofSeconds(5)).until(() -> !capture.requests().isEmpty());
		List<Captured> requests = capture.requests();
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

}
