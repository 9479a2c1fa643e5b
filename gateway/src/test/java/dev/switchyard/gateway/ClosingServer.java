package dev.switchyard.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that accepts connections, reads the request and closes the connection without
 * answering, as a node killed in the middle of a request would.
 */
public final class ClosingServer implements AutoCloseable {

	private final ServerSocket socket;

	private final AtomicInteger accepted = new AtomicInteger();

	private ClosingServer(ServerSocket socket) {
		this.socket = socket;
	}

	/**
	 * Start the server on a free loopback port.
	 * @return the started server
	 * @throws IOException if no port can be bound
	 */
	public static ClosingServer start() throws IOException {
		ClosingServer server = new ClosingServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		Thread.ofVirtual().name("closing-server").start(server::accept);
		return server;
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/**
	 * Return how many connections the server has accepted.
	 * @return the connections accepted
	 */
	public int accepted() {
		return this.accepted.get();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try (Socket connection = this.socket.accept()) {
				this.accepted.incrementAndGet();
				connection.setSoTimeout(1000);
				readHeaders(connection.getInputStream());
			}
			catch (IOException ex) {
				// closed, or the client gave up: either way on to the next connection
			}
		}
	}

	private static void readHeaders(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		for (int read = 0; read < 64 * 1024 && matched < end.length; read++) {
			int b = in.read();
			if (b < 0) {
				return;
			}
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
