package dev.switchyard.test.spelling;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server for tests that records exactly what reached it: every byte of every
 * connection, and each complete request with its headers as sent. It answers each request
 * {@code 200 ok} and closes the connection, so that no request of a test is ever read on
 * the connection of another.
 */
public final class CaptureServer implements AutoCloseable {

	private static final int MAX_HEAD = 64 * 1024;

	private static final int READ_TIMEOUT_MILLIS = 15_000;

	private final ServerSocket socket;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final AtomicLong bytesReceived = new AtomicLong();

	private final List<Captured> requests = new CopyOnWriteArrayList<>();

	private CaptureServer(ServerSocket socket) {
		this.socket = socket;
	}

	/**
	 * Start a server on a free loopback port.
	 * @return the started server
	 */
	public static CaptureServer start() {
		try {
			CaptureServer server = new CaptureServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
			server.executor.execute(server::accept);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on the loopback interface", ex);
		}
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/**
	 * Return how many bytes reached the server since it started or was last cleared,
	 * whether or not they made a request.
	 * @return the bytes received
	 */
	public long bytesReceived() {
		return this.bytesReceived.get();
	}

	/**
	 * Return the complete requests received since the server started or was last cleared.
	 * @return the requests, in the order they were read
	 */
	public List<Captured> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Forget what was received.
	 */
	public void clear() {
		this.requests.clear();
		this.bytesReceived.set(0);
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket connection = this.socket.accept();
				this.executor.execute(() -> serve(connection));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			connection.setSoTimeout(READ_TIMEOUT_MILLIS);
			CountingInput in = new CountingInput(new BufferedInputStream(connection.getInputStream()));
			String head = in.readHead();
			if (head == null) {
				return;
			}
			String[] lines = head.split("\r\n", -1);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers
						.computeIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
								(name) -> new ArrayList<>())
						.add(lines[i].substring(colon + 1).strip());
				}
			}
			byte[] body = in.readBody(headers);
			this.requests.add(new Captured(lines[0], head, headers, new String(body, StandardCharsets.UTF_8)));
			OutputStream out = connection.getOutputStream();
			out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
		}
		catch (IOException | RuntimeException ex) {
			// an incomplete request: its bytes are counted, and it is not a request
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		this.executor.shutdownNow();
	}

	/**
	 * A complete request as it reached the server.
	 *
	 * @param requestLine the request line
	 * @param head the request line and the header lines, as sent, without the empty line
	 * @param headers the headers, names in lower case, values in the order received
	 * @param body the body, chunked bodies decoded
	 */
	public record Captured(String requestLine, String head, Map<String, List<String>> headers, String body) {

		/**
		 * Return a header's values.
		 * @param name the header's name
		 * @return the values, empty when the header was not sent
		 */
		public List<String> header(String name) {
			return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
		}

	}

	/** Reads a request, counting every byte that arrives. */
	private final class CountingInput {

		private final InputStream in;

		CountingInput(InputStream in) {
			this.in = in;
		}

		int read() throws IOException {
			int b;
			try {
				b = this.in.read();
			}
			catch (SocketException ex) {
				b = -1;
			}
			if (b >= 0) {
				CaptureServer.this.bytesReceived.incrementAndGet();
			}
			return b;
		}

		String readHead() throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int b;
			while ((b = read()) != -1) {
				head.write(b);
				int size = head.size();
				byte[] bytes = head.toByteArray();
				if (size >= 4 && bytes[size - 4] == '\r' && bytes[size - 3] == '\n' && bytes[size - 2] == '\r'
						&& bytes[size - 1] == '\n') {
					return new String(bytes, 0, size - 4, StandardCharsets.ISO_8859_1);
				}
				if (size > MAX_HEAD) {
					throw new IOException("Head over " + MAX_HEAD + " bytes");
				}
			}
			return null;
		}

		byte[] readBody(Map<String, List<String>> headers) throws IOException {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			List<String> encodings = headers.getOrDefault("transfer-encoding", List.of());
			List<String> lengths = headers.getOrDefault("content-length", List.of());
			if (!encodings.isEmpty()) {
				int size;
				while ((size = Integer.parseInt(line().split(";")[0].strip(), 16)) > 0) {
					body.write(exactly(size));
					line();
				}
				while (!line().isEmpty()) {
					// trailers
				}
			}
			else if (!lengths.isEmpty()) {
				body.write(exactly(Integer.parseInt(lengths.get(0))));
			}
			return body.toByteArray();
		}

		private String line() throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int b;
			while ((b = read()) != '\n') {
				if (b == -1) {
					throw new IOException("Closed in a chunked body");
				}
				line.write(b);
			}
			return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
		}

		private byte[] exactly(int size) throws IOException {
			byte[] bytes = new byte[size];
			for (int i = 0; i < size; i++) {
				int b = read();
				if (b == -1) {
					throw new IOException("Closed in a body");
				}
				bytes[i] = (byte) b;
			}
			return bytes;
		}

	}

}
