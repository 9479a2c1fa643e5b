package dev.switchyard.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.switchyard.gateway.GatewayTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Reactor Netty refuses before the application sees it still gets problem+json, over
 * a raw socket since no HTTP client sends such requests.
 */
@GatewayTest
class DecodingFailureProblemTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					bare CR in a header          | GET /api/whoami HTTP/1.1\\r\\nHost: x\\r\\nX-Evil: a\\rb\\r\\n\\r\\n | 400
					garbage request line         | GARBAGE\\r\\n\\r\\n                                           | 400
					headers over the limit       | GET /api/whoami HTTP/1.1\\r\\nHost: x\\r\\nX-Big: {big}\\r\\n\\r\\n | 431
					negative Content-Length      | POST /api/cart/items HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -5\\r\\n\\r\\n | 400
					invalid percent-encoding     | GET /api/%zz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                      | 400
					truncated percent-encoding   | GET /api/catalog/a%2 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n              | 400
					a caret in the path          | GET /api/a^b HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                      | 400
					braces in the query          | GET /api/whoami?q={} HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n             | 400
					""")
	void shouldAnswerAnUndecodableRequestWithAProblem(String name, String request, int status) throws IOException {
		String raw = request.replace("\\r", "\r").replace("\\n", "\n").replace("{big}", "a".repeat(64 * 1024));

		String response = exchange(raw);

		assertThat(response).startsWith("HTTP/1.1 " + status + " ");
		assertThat(response).containsIgnoringCase("content-type: application/problem+json");
		assertThat(response).contains("\"status\":" + status);
	}

	@ParameterizedTest(name = "{0} is a URI: {1}")
	@CsvSource(delimiter = ';', textBlock = """
			/api/whoami          ; true
			/api/a%20b?q=%41&r=1 ; true
			/api/caf\u00e9      ; true
			*                    ; true
			/api/%zz             ; false
			/api/a%2             ; false
			/api/a|b             ; false
			/api/whoami?q={}     ; false
			/api/a\\b           ; false
			""")
	void shouldTellATargetSpringCanMakeAUriOfFromOneItCannot(String target, boolean uri) {
		assertThat(DecodingFailureProblemHandler.isUri(target)).isEqualTo(uri);
	}

	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			StringBuilder response = new StringBuilder();
			try {
				int read;
				while ((read = in.read(buffer)) != -1) {
					response.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
					if (response.indexOf("\r\n\r\n") >= 0 && response.indexOf("}") > 0) {
						break;
					}
				}
			}
			catch (java.net.SocketTimeoutException ex) {
				// what came within the timeout is what the assertions see
			}
			return response.toString();
		}
	}

}
