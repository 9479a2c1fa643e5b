package dev.switchyard.registry.api;

import java.util.UUID;

import dev.switchyard.registry.WebSliceTestConfiguration;
import dev.switchyard.registry.instance.InstanceKey;
import dev.switchyard.registry.instance.InstanceStore;
import dev.switchyard.registry.kv.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

@WebMvcTest(KeyValueController.class)
@Import(WebSliceTestConfiguration.class)
@TestPropertySource(properties = { "registry.security.token=test-token", "registry.kv.max-value-size=1KB" })
class KeyValueControllerTests {

	private static final String AUTHORIZATION = "Bearer test-token";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private KeyValueStore store;

	@Autowired
	private InstanceStore instances;

	private final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void shouldWriteAndReadKeyWithItsModifyIndex() {
		MvcTestResult written = put(this.prefix + "/a", "{\"policy\":\"p2c\"}", null);

		assertThat(written).hasStatusOk();
		long index = this.store.get(this.prefix + "/a").index();
		MvcTestResult read = this.mvc.get().uri("/v1/kv/" + this.prefix + "/a").exchange();
		assertThat(read).hasStatusOk().hasHeader("X-Registry-Index", Long.toString(index));
		assertThat(read).bodyJson().extractingPath("$.value").isEqualTo("{\"policy\":\"p2c\"}");
		assertThat(read).bodyJson().extractingPath("$.modifyIndex").isEqualTo((int) index);
		assertThat(read).bodyJson().extractingPath("$.key").isEqualTo(this.prefix + "/a");
	}

	@Test
	void shouldAnswerMissingKeyWith404AndAnIndex() {
		MvcTestResult read = this.mvc.get().uri("/v1/kv/" + this.prefix + "/none").exchange();

		assertThat(read).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("X-Registry-Index", Long.toString(this.instances.index()));
	}

	@Test
	void shouldWriteWithCasOnlyWhenTheIndexMatches() {
		assertThat(put(this.prefix + "/c", "one", 0L)).hasStatusOk();
		long index = this.store.get(this.prefix + "/c").index();

		MvcTestResult stale = put(this.prefix + "/c", "two", index - 1);
		MvcTestResult create = put(this.prefix + "/c", "two", 0L);
		MvcTestResult fresh = put(this.prefix + "/c", "three", index);

		assertThat(stale).hasStatus(HttpStatus.CONFLICT)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(stale).bodyJson().extractingPath("$.modifyIndex").isEqualTo((int) index);
		assertThat(create).hasStatus(HttpStatus.CONFLICT);
		assertThat(fresh).hasStatusOk();
		assertThat(this.store.get(this.prefix + "/c").value()).get()
			.satisfies((entry) -> assertThat(entry.value()).isEqualTo("three"));
	}

	@Test
	void shouldAnswerBlockingQueryWhenTheKeyChanges() {
		put(this.prefix + "/w", "one", null);
		long index = this.store.get(this.prefix + "/w").index();
		MvcTestResult pending = this.mvc.get()
			.uri("/v1/kv/" + this.prefix + "/w?index={index}&wait=1m", index)
			.asyncExchange();
		assertThat(pending.getRequest().isAsyncStarted()).isTrue();

		put(this.prefix + "/other", "not this one", null);
		this.instances.register(new InstanceKey("kv-test", "node-1"), "127.0.0.1", 8080, java.util.Map.of(), 30);
		assertThatIllegalStateException().as("answered before the key changed")
			.isThrownBy(() -> pending.getMvcResult().getAsyncResult(50));
		put(this.prefix + "/w", "two", null);

		MvcTestResult result = this.mvc.perform(asyncDispatch(pending.getMvcResult()));
		assertThat(result).hasStatusOk()
			.hasHeader("X-Registry-Index", Long.toString(this.store.get(this.prefix + "/w").index()));
		assertThat(result).bodyJson().extractingPath("$.value").isEqualTo("two");
	}

	@Test
	void shouldWakeBlockingQueryOnAMissingKeyWhenItIsCreated() {
		MvcTestResult missing = this.mvc.get().uri("/v1/kv/" + this.prefix + "/later").exchange();
		long index = Long.parseLong(missing.getResponse().getHeader("X-Registry-Index"));
		MvcTestResult pending = this.mvc.get()
			.uri("/v1/kv/" + this.prefix + "/later?index={index}&wait=1m", index)
			.asyncExchange();

		put(this.prefix + "/later", "here", null);

		MvcTestResult result = this.mvc.perform(asyncDispatch(pending.getMvcResult()));
		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.value").isEqualTo("here");
	}

	@Test
	void shouldWakeBlockingQueryOnADeletedKey() {
		put(this.prefix + "/gone", "here", null);
		long index = this.store.get(this.prefix + "/gone").index();
		MvcTestResult pending = this.mvc.get()
			.uri("/v1/kv/" + this.prefix + "/gone?index={index}&wait=1m", index)
			.asyncExchange();

		assertThat(this.mvc.delete()
			.uri("/v1/kv/" + this.prefix + "/gone")
			.header("Authorization", AUTHORIZATION)
			.exchange()).hasStatus(HttpStatus.NO_CONTENT);

		MvcTestResult result = this.mvc.perform(asyncDispatch(pending.getMvcResult()));
		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasHeader("X-Registry-Index", Long.toString(index + 1));
	}

	@Test
	void shouldListKeysUnderAPrefixAndWaitForAChangeUnderIt() {
		put(this.prefix + "/routes/b", "2", null);
		put(this.prefix + "/routes/a", "1", null);
		put(this.prefix + "/routesx", "not under routes/", null);

		MvcTestResult list = this.mvc.get().uri("/v1/kv/" + this.prefix + "/routes/?recurse").exchange();

		assertThat(list).hasStatusOk();
		assertThat(list).bodyJson()
			.extractingPath("$[*].key")
			.isEqualTo(java.util.List.of(this.prefix + "/routes/a", this.prefix + "/routes/b"));
		long index = Long.parseLong(list.getResponse().getHeader("X-Registry-Index"));
		MvcTestResult pending = this.mvc.get()
			.uri("/v1/kv/" + this.prefix + "/routes/?recurse&index={index}&wait=1m", index)
			.asyncExchange();
		put(this.prefix + "/routes/c", "3", null);
		MvcTestResult result = this.mvc.perform(asyncDispatch(pending.getMvcResult()));
		assertThat(result).bodyJson().extractingPath("$.length()").isEqualTo(3);
	}

	@Test
	void shouldRefuseValueOverTheLimitWith413() {
		MvcTestResult result = put(this.prefix + "/big", "x".repeat(1025), null);

		assertThat(result).hasStatus(HttpStatus.PAYLOAD_TOO_LARGE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.store.get(this.prefix + "/big").value()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a/../b", "a/./b", "a b", "%C3%A9", "a/" })
	void shouldRefuseInvalidKeyWith400(String key) {
		MvcTestResult result = this.mvc.put()
			.uri("/v1/kv/" + this.prefix + "/" + key)
			.header("Authorization", AUTHORIZATION)
			.content("v")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("key");
	}

	@Test
	void shouldRefuseValueThatIsNotUtf8With400() {
		MvcTestResult result = this.mvc.put()
			.uri("/v1/kv/" + this.prefix + "/binary")
			.header("Authorization", AUTHORIZATION)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.content(new byte[] { (byte) 0xff, (byte) 0xfe })
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("value");
	}

	@Test
	void shouldRefuseWriteWithoutTheToken() {
		MvcTestResult result = this.mvc.put().uri("/v1/kv/" + this.prefix + "/secret").content("v").exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.store.get(this.prefix + "/secret").value()).isEmpty();
	}

	private MvcTestResult put(String key, String value, Long cas) {
		return this.mvc.put()
			.uri("/v1/kv/" + key + ((cas != null) ? "?cas=" + cas : ""))
			.header("Authorization", AUTHORIZATION)
			.contentType(MediaType.TEXT_PLAIN)
			.content(value)
			.exchange();
	}

}
