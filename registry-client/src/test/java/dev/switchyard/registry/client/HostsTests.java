package dev.switchyard.registry.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostsTests {

	@Test
	void shouldBracketAnIpv6LiteralOnce() {
		assertThat(Hosts.forUri("::1")).isEqualTo("[::1]");
		assertThat(Hosts.forUri("[::1]")).isEqualTo("[::1]");
		assertThat(Hosts.forUri("fe80::1%25eth0")).isEqualTo("[fe80::1%25eth0]");
	}

	@Test
	void shouldLeaveNamesAndIpv4AddressesAlone() {
		assertThat(Hosts.forUri("127.0.0.1")).isEqualTo("127.0.0.1");
		assertThat(Hosts.forUri("node-1.cluster")).isEqualTo("node-1.cluster");
	}

	@Test
	void shouldMakeAnHttpUriOfAPathOnAnInstance() {
		assertThat(Hosts.http("::1", 8081, "/admin/chaos")).hasToString("http://[::1]:8081/admin/chaos");
		assertThat(Hosts.http("127.0.0.1", 8081, "/api/catalog")).hasToString("http://127.0.0.1:8081/api/catalog");
	}

}
