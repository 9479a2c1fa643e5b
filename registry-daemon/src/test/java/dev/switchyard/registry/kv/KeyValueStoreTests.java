package dev.switchyard.registry.kv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.registry.instance.InstanceStore;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeyValueStoreTests {

	@TempDir
	Path directory;

	@Test
	void shouldKeepKeysAndIndexAcrossARestartWhenGivenAFile() {
		Path file = this.directory.resolve("kv.json");
		KeyValueStore before = store(new InstanceStore(Clock.systemUTC()), file);
		before.put("switchyard/gateway/routes/api", "{\"policy\":\"p2c\"}", 0L);
		KeyValueEntry last = before.put("switchyard/gateway/routes/api", "{\"policy\":\"ewma\"}", null);
		before.put("other", "x", null);
		before.delete("other", null);

		InstanceStore registry = new InstanceStore(Clock.systemUTC());
		KeyValueStore after = store(registry, file);

		assertThat(after.get("switchyard/gateway/routes/api").value()).contains(last);
		assertThat(after.get("other").value()).isEmpty();
		assertThat(after.size()).isEqualTo(1);
		// the index goes on from the restored keys, so that cas and blocking queries keep
		// working for clients that saw the previous run
		assertThat(registry.index()).isGreaterThanOrEqualTo(last.modifyIndex());
		assertThat(after.put("switchyard/gateway/routes/api", "{}", last.modifyIndex()).modifyIndex())
			.isGreaterThan(last.modifyIndex());
	}

	@Test
	void shouldRefuseToStartFromAnUnreadableFile() throws Exception {
		Path file = this.directory.resolve("kv.json");
		Files.writeString(file, "{not json");

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> store(new InstanceStore(Clock.systemUTC()), file))
			.withMessageContaining(file.toString());
	}

	@Test
	void shouldShareTheRegistryIndexWithoutWakingServiceQueries() {
		InstanceStore registry = new InstanceStore(Clock.systemUTC());
		KeyValueStore store = store(registry, null);
		CompletableFuture<Void> service = registry.awaitChange("node-service", registry.index());
		CompletableFuture<Void> key = store.awaitKey("a/b", registry.index());
		CompletableFuture<Void> prefix = store.awaitPrefix("a/", registry.index());
		CompletableFuture<Void> otherPrefix = store.awaitPrefix("b/", registry.index());

		KeyValueEntry entry = store.put("a/b", "v", null);

		assertThat(entry.modifyIndex()).isEqualTo(registry.index());
		assertThat(key).isDone();
		assertThat(prefix).isDone();
		assertThat(otherPrefix).isNotDone();
		assertThat(service).isNotDone();
	}

	@Test
	void shouldRefuseANewKeyBeyondTheMaximum() {
		KeyValueStore store = new KeyValueStore(new InstanceStore(Clock.systemUTC()),
				new KeyValueProperties(null, DataSize.ofKilobytes(1), 2), JsonMapper.builder().build());
		store.put("a", "1", null);
		store.put("b", "2", null);

		assertThatExceptionOfType(TooManyKeysException.class).isThrownBy(() -> store.put("c", "3", null));
		assertThat(store.put("a", "again", null).value()).isEqualTo("again");
	}

	@Test
	void shouldAcceptKeysOfSegmentsOnly() {
		assertThat(KeyValueStore.isValidKey("switchyard/gateway/routes/api")).isTrue();
		assertThat(KeyValueStore.isValidKey("a.b/c_d/e-f")).isTrue();
		assertThat(KeyValueStore.isValidKey("a/../b")).isFalse();
		assertThat(KeyValueStore.isValidKey("..")).isFalse();
		assertThat(KeyValueStore.isValidKey("a//b")).isFalse();
		assertThat(KeyValueStore.isValidKey("")).isFalse();
		assertThat(KeyValueStore.isValidKey("a".repeat(257))).isFalse();
		assertThat(KeyValueStore.isValidPrefix("a/")).isTrue();
		assertThat(KeyValueStore.isValidPrefix("")).isTrue();
	}

	private static KeyValueStore store(InstanceStore registry, Path file) {
		return new KeyValueStore(registry, new KeyValueProperties(file, DataSize.ofKilobytes(16), 1000),
				JsonMapper.builder().build());
	}

}
