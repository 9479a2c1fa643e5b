package dev.switchyard.gateway.balancer.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressResolverTests {

	private final ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8", "::1"));

	@Test
	void shouldIgnoreForwardedForFromAnUntrustedPeer() throws UnknownHostException {
		HttpHeaders headers = forwardedFor("198.51.100.7");

		InetAddress client = this.resolver.resolve(address("192.0.2.1"), headers);

		assertThat(client).isEqualTo(address("192.0.2.1"));
	}

	@Test
	void shouldTakeTheRightMostUntrustedAddressBehindTrustedProxies() throws UnknownHostException {
		HttpHeaders headers = forwardedFor("203.0.113.9, 198.51.100.7, 10.1.2.3");

		InetAddress client = this.resolver.resolve(address("10.9.9.9"), headers);

		assertThat(client).isEqualTo(address("198.51.100.7"));
	}

	@Test
	void shouldKeepThePeerWhenTheHeaderIsNotAnAddress() throws UnknownHostException {
		HttpHeaders headers = forwardedFor("evil.example.com");

		InetAddress client = this.resolver.resolve(address("::1"), headers);

		assertThat(client).isEqualTo(address("::1"));
	}

	@Test
	void shouldReadOnlyAddressLiterals() {
		assertThat(ClientAddressResolver.literal("198.51.100.7")).isNotNull();
		assertThat(ClientAddressResolver.literal("[2001:db8::1]")).isNotNull();
		assertThat(ClientAddressResolver.literal("999.1.1.1")).isNull();
		assertThat(ClientAddressResolver.literal("localhost")).isNull();
		assertThat(ClientAddressResolver.literal("1.2.3.4.example.com")).isNull();
	}

	@Test
	void shouldRejectAnInvalidTrustedProxy() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("proxy.local")))
			.withMessageContaining("proxy.local");
	}

	private static HttpHeaders forwardedFor(String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Forwarded-For", value);
		return headers;
	}

	private static InetAddress address(String literal) throws UnknownHostException {
		return InetAddress.getByName(literal);
	}

}
