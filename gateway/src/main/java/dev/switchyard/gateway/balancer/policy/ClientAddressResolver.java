package dev.switchyard.gateway.balancer.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Finds the client's address: the peer's, unless the peer is a trusted proxy, in which
 * case the right-most address of {@code X-Forwarded-For} that is not a trusted proxy
 * itself. Addresses forwarded by anyone else are ignored, so a client cannot choose its
 * own hash.
 */
public final class ClientAddressResolver {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

	private final List<Network> trusted;

	/**
	 * Create a resolver.
	 * @param trustedProxies addresses or CIDR blocks of the trusted proxies, such as
	 * {@code 10.0.0.0/8} or {@code ::1}
	 * @throws IllegalArgumentException if an entry is not an IP literal or CIDR block
	 */
	public ClientAddressResolver(List<String> trustedProxies) {
		List<Network> networks = new ArrayList<>();
		for (String entry : trustedProxies) {
			networks.add(Network.parse(entry.trim()));
		}
		this.trusted = List.copyOf(networks);
	}

	/**
	 * Resolve the client's address.
	 * @param peer the address of the connection's peer
	 * @param headers the request headers
	 * @return the client's address, or {@code null} when the peer is unknown
	 */
	public @Nullable InetAddress resolve(@Nullable InetAddress peer, HttpHeaders headers) {
		if (peer == null || !isTrusted(peer)) {
			return peer;
		}
		List<String> forwarded = headers.getValuesAsList("X-Forwarded-For");
		InetAddress candidate = peer;
		for (int i = forwarded.size() - 1; i >= 0; i--) {
			InetAddress hop = literal(forwarded.get(i));
			if (hop == null) {
				return candidate;
			}
			candidate = hop;
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return candidate;
	}

	/**
	 * Tell whether an address is one of the trusted proxies.
	 * @param address the address
	 * @return whether it is in {@code gateway.balancer.trusted-proxies}
	 */
	public boolean isTrusted(InetAddress address) {
		for (Network network : this.trusted) {
			if (network.contains(address)) {
				return true;
			}
		}
		return false;
	}

	static @Nullable InetAddress literal(String value) {
		String text = value.trim();
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		try {
			// only literals: never let a header trigger a DNS lookup
			if (IPV4.matcher(text).matches()) {
				String[] parts = text.split("\\.");
				byte[] bytes = new byte[4];
				for (int i = 0; i < 4; i++) {
					int octet = Integer.parseInt(parts[i]);
					if (octet > 255) {
						return null;
					}
					bytes[i] = (byte) octet;
				}
				return InetAddress.getByAddress(bytes);
			}
			if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
				// a colon makes the JDK parse an IPv6 literal and never resolve a name
				return InetAddress.getByName(text);
			}
		}
		catch (UnknownHostException ex) {
			// not a valid literal
		}
		return null;
	}

	private record Network(byte[] address, int prefix) {

		static Network parse(String entry) {
			int slash = entry.indexOf('/');
			String host = (slash >= 0) ? entry.substring(0, slash) : entry;
			InetAddress address = literal(host);
			if (address == null) {
				throw new IllegalArgumentException("Not an IP address or CIDR block: '" + entry + "'");
			}
			byte[] bytes = address.getAddress();
			int prefix = (slash >= 0) ? Integer.parseInt(entry.substring(slash + 1)) : bytes.length * 8;
			if (prefix < 0 || prefix > bytes.length * 8) {
				throw new IllegalArgumentException("Invalid prefix length in '" + entry + "'");
			}
			return new Network(bytes, prefix);
		}

		boolean contains(InetAddress candidate) {
			byte[] bytes = candidate.getAddress();
			if (bytes.length != this.address.length) {
				return false;
			}
			int full = this.prefix / 8;
			for (int i = 0; i < full; i++) {
				if (bytes[i] != this.address[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (bytes[full] & mask) == (this.address[full] & mask);
		}

	}

}
