package dev.switchyard.registry.client;

import java.net.URI;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Addresses of registered instances in URIs: an IPv6 literal goes in brackets
 * ({@code http://[::1]:8081/}), a name or an IPv4 address as it is.
 */
public final class Hosts {

	private Hosts() {
	}

	/**
	 * Return a host as a URI's authority writes it.
	 * @param host a name, an IPv4 or an IPv6 literal, bracketed or not
	 * @return the host, an IPv6 literal in brackets
	 */
	public static String forUri(String host) {
		return (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
	}

	/**
	 * Return the {@code http} URI of a path on an instance.
	 * @param host the instance's host
	 * @param port its port
	 * @param path the path, such as {@code /admin/chaos}
	 * @return the URI
	 */
	public static URI http(String host, int port, String path) {
		return UriComponentsBuilder.newInstance()
			.scheme("http")
			.host(forUri(host))
			.port(port)
			.path(path)
			.build()
			.toUri();
	}

}
