package dev.switchyard.registry.instance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataRulesTests {

	@Test
	void shouldAcceptWellFormedMetadata() {
		Map<String, String> metadata = Map.of("weight", "3", "zone", "eu-1", "version", "1.2.0", "healthPath",
				"/actuator/health?probe=1", "x".repeat(64), "v".repeat(512));

		List<String> violations = MetadataRules.validate(metadata);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "2", "999", "1000" })
	void shouldAcceptWeightsFrom1To1000(String weight) {
		List<String> violations = MetadataRules.validate(Map.of("weight", weight));

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "1001", "01", "1.5", "abc", "", " 3", "+3", "99999999999" })
	void shouldRejectOtherWeights(String weight) {
		List<String> violations = MetadataRules.validate(Map.of("weight", weight));

		assertThat(violations).singleElement().asString().contains("'weight' must be an integer between 1 and 1000");
	}

	@Test
	void shouldRejectTooManyEntries() {
		Map<String, String> metadata = new HashMap<>();
		for (int i = 0; i <= MetadataRules.MAX_ENTRIES; i++) {
			metadata.put("key" + i, "value");
		}

		List<String> violations = MetadataRules.validate(metadata);

		assertThat(violations).singleElement().asString().contains("at most 64 entries");
	}

	@Test
	void shouldRejectMalformedKeysAndValues() {
		Map<String, String> metadata = new HashMap<>();
		metadata.put("bad key", "x");
		metadata.put("k".repeat(65), "x");
		metadata.put("long", "v".repeat(513));
		metadata.put("nothing", null);
		metadata.put("healthPath", "actuator/health");

		List<String> violations = MetadataRules.validate(metadata);

		assertThat(violations).hasSize(5)
			.anySatisfy((violation) -> assertThat(violation).contains("key 'bad key'"))
			.anySatisfy((violation) -> assertThat(violation).contains("value of 'long'"))
			.anySatisfy((violation) -> assertThat(violation).contains("value of 'nothing' must not be null"))
			.anySatisfy((violation) -> assertThat(violation).contains("'healthPath' must be an absolute path"));
	}

}
