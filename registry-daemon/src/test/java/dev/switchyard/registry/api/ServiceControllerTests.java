package dev.switchyard.registry.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchyard.registry.WebSliceTestConfiguration;
import dev.switchyard.registry.instance.InstanceKey;
import dev.switchyard.registry.instance.InstanceStore;
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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

@WebMvcTest(ServiceController.class)
@Import(WebSliceTestConfiguration.class)
@TestPropertySource(properties = "registry.security.token=test-token")
class ServiceControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private InstanceStore store;

	private final String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void shouldListInstancesOfServiceSortedById() {
		register("node-b");
		register("node-a");
		long index = this.store.service(this.service).index();

		MvcTestResult result = this.mvc.get().uri("/v1/services/{service}", this.service).exchange();

		assertThat(result).hasStatusOk()
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.hasHeader("X-Registry-Index", Long.toString(index));
		assertThat(result).bodyJson().extractingPath("$.service").isEqualTo(this.service);
		assertThat(result).bodyJson().extractingPath("$.index").isEqualTo((int) index);
		assertThat(result).bodyJson()
			.extractingPath("$.instances[*].instanceId")
			.isEqualTo(List.of("node-a", "node-b"));
	}

	@Test
	void shouldAnswerUnknownServiceWithNoInstancesAndCurrentIndex() {
		register("node-1");

		MvcTestResult result = this.mvc.get().uri("/v1/services/{service}", "never-registered").exchange();

		assertThat(result).hasStatusOk().hasHeader("X-Registry-Index", Long.toString(this.store.index()));
		assertThat(result).bodyJson().extractingPath("$.instances").asArray().isEmpty();
	}

	@Test
	void shouldListCatalog() {
		register("node-1");

		MvcTestResult result = this.mvc.get().uri("/v1/services").exchange();

		assertThat(result).hasStatusOk().hasHeader("X-Registry-Index", Long.toString(this.store.index()));
		assertThat(result).bodyJson().extractingPath("$.index").isEqualTo((int) this.store.index());
		assertThat(result).bodyJson()
			.extractingPath("$.services['" + this.service + "'][0].instanceId")
			.isEqualTo("node-1");
	}

	@Test
	void shouldAnswerBlockingQueryAtOnceWhenIndexIsAlreadyPassed() {
		register("node-1");
		long before = this.store.service(this.service).index();
		register("node-2");

		MvcTestResult result = this.mvc.get()
			.uri("/v1/services/{service}?index={index}&wait=1m", this.service, before)
			.exchange();

		assertThat(result).hasStatusOk().hasHeader("X-Registry-Index", Long.toString(before + 1));
		assertThat(result).bodyJson().extractingPath("$.instances").asArray().hasSize(2);
	}

	@Test
	void shouldAnswerBlockingQueryWhenServiceChanges() {
		register("node-1");
		long index = this.store.service(this.service).index();
		MvcTestResult pending = this.mvc.get()
			.uri("/v1/services/{service}?index={index}&wait=1m", this.service, index)
			.asyncExchange();
		assertThat(pending.getRequest().isAsyncStarted()).isTrue();

		register("node-2");

		MvcTestResult result = this.mvc.perform(asyncDispatch(pending.getMvcResult()));
		assertThat(result).hasStatusOk().hasHeader("X-Registry-Index", Long.toString(index + 1));
	}

	@Test
	void shouldAnswerCatalogBlockingQueryAtOnceWithZeroWait() {
		long index = this.store.index();

		MvcTestResult result = this.mvc.get().uri("/v1/services?index={index}&wait=0s", index).exchange();

		assertThat(result).hasStatusOk().hasHeader("X-Registry-Index", Long.toString(index));
	}

	@ParameterizedTest
	@ValueSource(strings = { "index=1&wait=abc", "index=1&wait=10", "index=1&wait=-1s", "index=-1", "index=abc",
			"index=1.5" })
	void shouldRejectInvalidBlockingQuery(String query) {
		MvcTestResult result = this.mvc.get().uri("/v1/services/" + this.service + "?" + query).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().containsAnyOf("wait", "index");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Orders", "-orders", "ord_ers" })
	void shouldRejectInvalidServiceName(String service) {
		MvcTestResult result = this.mvc.get().uri("/v1/services/{service}", service).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("service");
	}

	@Test
	void shouldRejectWriteMethodOnReadEndpoint() {
		MvcTestResult result = this.mvc.delete().uri("/v1/services/{service}", this.service).exchange();

		assertThat(result).hasStatus(HttpStatus.METHOD_NOT_ALLOWED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private void register(String instanceId) {
		this.store.register(new InstanceKey(this.service, instanceId), "127.0.0.1", 8080, Map.of(), 30);
	}

}
