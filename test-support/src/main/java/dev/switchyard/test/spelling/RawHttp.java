package dev.switchyard.test.spelling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, the request line written byte for byte: HTTP client
 * libraries normalize or re-encode a path, and would hide what a server does with its
 * spelling.
 */
public final class RawHttp {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final int MAX_RESPONSE = 1024 * 1024;

	private RawHttp() {
	}

	/**
	 * Send one request on a new connection to a loopback port and read the whole answer.
	 * @param port the server's port on 127.0.0.1
	 * @param method the method
	 * @param target the request target, sent as it is
	 * @param headers more headers, such as {@code Authorization}
	 * @param body the body, or {@code null} for none
	 * @return the answer
	 */
	public static Response send(int port, String method, String target, Map<String, String> headers, String body) {
		return send(null, port, method, target, headers, body);
	}

	/**
	 * Send one request on a new connection from a given loopback address (127.0.0.0/8 is
	 * all loopback on Linux), so that per-address rate limits see a client of its own.
	 * @param localAddress the address to send from, or {@code null} for any
	 * @param port the server's port on 127.0.0.1
	 * @param method the method
	 * @param target the request target, sent as it is
	 * @param headers more headers, such as {@code Authorization}
	 * @param body the body, or {@code null} for none
	 * @return the answer
	 */
	public static Response send(InetAddress localAddress, int port, String method, String target,
			Map<String, String> headers, String body) {
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		StringBuilder head = new StringBuilder();
		head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: 127.0.0.1:").append(port).append("\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (body != null) {
			head.append("Content-Type: application/json\r\n");
		}
		head.append("Content-Length: ").append(content.length).append("\r\n");
		head.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket()) {
			if (localAddress != null) {
				socket.bind(new InetSocketAddress(localAddress, 0));
			}
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TIMEOUT.toMillis());
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			// one write, so that the body is there when the server answers: a server that
			// answers before a late body arrives and closes, resets the connection
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			request.write(content);
			OutputStream out = socket.getOutputStream();
			out.write(request.toByteArray());
			out.flush();
			return Response.parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + target + " to port " + port + " failed", ex);
		}
	}

	/**
	 * Send bytes exactly as given on a new connection to a loopback port, and read the
	 * whole answer: for requests whose framing is the subject of the test (line ends,
	 * header spelling, chunk sizes), which {@link #send} would write correctly.
	 * @param port the server's port on 127.0.0.1
	 * @param request the request, each character one byte (ISO-8859-1)
	 * @return the answer
	 */
	public static Response exchange(int port, String request) {
		return exchange(null, port, request);
	}

	/**
	 * Send bytes exactly as given on a new connection from a local address to a loopback
	 * port, and read the whole answer: for a server that tells its peers apart (such as
	 * 127.0.0.2 from 127.0.0.1).
	 * @param localAddress the address to connect from, any when {@code null}
	 * @param port the server's port on 127.0.0.1
	 * @param request the request, each character one byte (ISO-8859-1)
	 * @return the answer, with status -1 when the server closed without answering
	 */
	public static Response exchange(InetAddress localAddress, int port, String request) {
		try (Socket socket = new Socket()) {
			if (localAddress != null) {
				socket.bind(new InetSocketAddress(localAddress, 0));
			}
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TIMEOUT.toMillis());
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return Response.parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Request to port " + port + " failed: " + request, ex);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int n;
		try {
			while (read.size() < MAX_RESPONSE && (n = in.read(buffer)) != -1) {
				read.write(buffer, 0, n);
			}
		}
		catch (SocketException ex) {
			// a reset after the answer, by a server that closes without reading all the
			// request: what was read is the answer
			if (read.size() == 0) {
				throw ex;
			}
		}
		return read.toByteArray();
	}

	/**
	 * A server's answer.
	 *
	 * @param status the status code, or -1 when the server closed without answering
	 * @param headers the headers, names in lower case
	 * @param body the body as sent (chunked bodies are left chunked)
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		static Response parse(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (!text.startsWith("HTTP/1.") || end < 0) {
				return new Response(-1, Map.of(), text);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers
						.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
								(name) -> new ArrayList<>())
						.add(lines[i].substring(colon + 1).trim());
				}
			}
			return new Response(status, headers,
					new String(text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
		}

		/**
		 * Return a header's first value.
		 * @param name the header's name
		 * @return the value, or {@code null}
		 */
		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

	}

}
