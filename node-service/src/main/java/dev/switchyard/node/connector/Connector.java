package dev.switchyard.node.connector;

import java.util.Locale;

import org.apache.coyote.http11.Http11Nio2Protocol;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * How Tomcat's connector waits for I/O.
 */
public enum Connector {

	/**
	 * {@code Http11NioProtocol}: a poller thread selects the sockets that are ready
	 * (multiplexed I/O) and hands each to a worker thread, which reads and writes it with
	 * blocking semantics; idle keep-alive connections cost no thread.
	 */
	NIO(Http11NioProtocol.class),

	/**
	 * {@code Http11Nio2Protocol}: asynchronous channels, where a read or a write is
	 * started and a completion handler runs when the kernel has done it (the JDK emulates
	 * this with epoll and its own threads on Linux).
	 */
	NIO2(Http11Nio2Protocol.class);

	private final Class<?> protocol;

	Connector(Class<?> protocol) {
		this.protocol = protocol;
	}

	/**
	 * Return Tomcat's protocol class name for this connector.
	 * @return the class name
	 */
	public String protocol() {
		return this.protocol.getName();
	}

	/**
	 * Return the name as {@code node.connector} spells it.
	 * @return {@code nio} or {@code nio2}
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
