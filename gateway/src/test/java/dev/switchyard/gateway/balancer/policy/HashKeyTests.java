package dev.switchyard.gateway.balancer.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HashKeyTests {

	@Test
	void shouldParseEveryKindOfKey() {
		assertThat(HashKey.parse("uri")).isEqualTo(HashKey.URI);
		assertThat(HashKey.parse("header:X-User")).isEqualTo(new HashKey(HashKey.Kind.HEADER, "X-User"));
		assertThat(HashKey.parse("cookie:SESSION")).isEqualTo(new HashKey(HashKey.Kind.COOKIE, "SESSION"));
		assertThat(HashKey.parse("query:user")).hasToString("query:user");
	}

	@Test
	void shouldRejectAnythingElse() {
		assertThatIllegalArgumentException().isThrownBy(() -> HashKey.parse("body"))
			.withMessageContaining("uri, header:NAME, cookie:NAME or query:NAME");
		assertThatIllegalArgumentException().isThrownBy(() -> HashKey.parse("header:"));
	}

}
