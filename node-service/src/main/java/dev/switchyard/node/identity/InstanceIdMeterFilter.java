package dev.switchyard.node.identity;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.stereotype.Component;

/**
 * Tags every meter with {@code instance_id}, read from the identity when the meter is
 * registered.
 * <p>
 * Without a configured {@code INSTANCE_ID} the id contains the port, which is known only
 * once the web server has started; meters bound earlier (the JVM's) carry the provisional
 * id. Prometheus scraping through the registry's service discovery sets the
 * {@code instance_id} target label, which takes precedence.
 */
@Component
public class InstanceIdMeterFilter implements MeterFilter {

	static final String TAG = "instance_id";

	private final NodeIdentity identity;

	InstanceIdMeterFilter(NodeIdentity identity) {
		this.identity = identity;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		if (id.getTag(TAG) != null) {
			return id;
		}
		return id.withTag(Tag.of(TAG, this.identity.instanceId()));
	}

}
