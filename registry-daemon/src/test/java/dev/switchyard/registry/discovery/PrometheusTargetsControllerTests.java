package dev.switchyard.registry.discovery;

import java.util.Map;

import dev.switchyard.registry.WebSliceTestConfiguration;
import dev.switchyard.registry.instance.InstanceKey;
import dev.switchyard.registry.instance.InstanceStatus;
import dev.switchyard.registry.instance.InstanceStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(PrometheusTargetsController.class)
@Import(WebSliceTestConfiguration.class)
@TestPropertySource(properties = "registry.security.token=test-token")
class PrometheusTargetsControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private InstanceStore store;

	@Test
	void shouldListEveryInstanceAsTargetGroup() {
		this.store.register(new InstanceKey("orders", "node-1"), "127.0.0.1", 8081, Map.of("zone", "a"), 30);
		this.store.register(new InstanceKey("orders", "node-2"), "::1", 8082, Map.of(), 30);
		this.store.requestStatus(new InstanceKey("orders", "node-2"), InstanceStatus.DRAINING);

		MvcTestResult result = this.mvc.get().uri("/v1/prometheus/targets").exchange();

		assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson().isStrictlyEqualTo("""
				[
				  {"targets":["127.0.0.1:8081"],
				   "labels":{"service":"orders","instance_id":"node-1","status":"UP","zone":"a"}},
				  {"targets":["[::1]:8082"],
				   "labels":{"service":"orders","instance_id":"node-2","status":"DRAINING"}}
				]""");
	}

	@Test
	void shouldListOnlyTheInstancesOfTheServiceAskedFor() {
		this.store.register(new InstanceKey("gateway", "gateway-1"), "127.0.0.1", 8091, Map.of(), 30);
		this.store.register(new InstanceKey("orders", "node-1"), "127.0.0.1", 8081, Map.of(), 30);

		MvcTestResult result = this.mvc.get().uri("/v1/prometheus/targets?service=gateway").exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isStrictlyEqualTo("""
				[
				  {"targets":["127.0.0.1:8091"],
				   "labels":{"service":"gateway","instance_id":"gateway-1","status":"UP"}}
				]""");
		assertThat(this.mvc.get().uri("/v1/prometheus/targets?service=nothing").exchange()).bodyJson()
			.isStrictlyEqualTo("[]");
	}

}
