package dev.switchyard.registry.instance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostNamesTests {

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "node-1", "node-1.example.com", "EXAMPLE.org", "a", "1a", "0.0.0.0",
			"127.0.0.1", "10.1.255.254", "::1", "[::1]", "::", "fe80::1", "2001:db8::8a2e:370:7334",
			"2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.128", "1:2:3:4:5:6:7:8", "1::" })
	void shouldAcceptHostNamesAndIpLiterals(String host) {
		boolean valid = HostNames.isValid(host);

		assertThat(valid).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "bad host", "-node", "node-", "a..b", ".a", "a.", "under_score", "host:8080",
			"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "999", "1::2::3", ":1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
			"12345::1", "1.2.3.4::", "[::1", "fe80::1%eth0", "g::1", "ホスト" })
	void shouldRejectAnythingElse(String host) {
		boolean valid = HostNames.isValid(host);

		assertThat(valid).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 63, 64 })
	void shouldLimitLabelsTo63Characters(int length) {
		String host = "a".repeat(length) + ".example";

		boolean valid = HostNames.isValid(host);

		assertThat(valid).isEqualTo(length <= 63);
	}

}
