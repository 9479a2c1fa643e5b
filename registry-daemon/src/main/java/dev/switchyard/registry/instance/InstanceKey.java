package dev.switchyard.registry.instance;

import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * Identifies one instance of one service.
 *
 * @param service the service name
 * @param instanceId the instance id, unique within the service
 */
public record InstanceKey(String service, String instanceId) {

	/**
	 * What a service name looks like: a DNS label in lower case.
	 */
	public static final String SERVICE_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";

	/**
	 * What an instance id looks like.
	 */
	public static final String INSTANCE_ID_PATTERN = "[A-Za-z0-9._-]{1,128}";

	private static final Pattern SERVICE = Pattern.compile(SERVICE_PATTERN);

	private static final Pattern INSTANCE_ID = Pattern.compile(INSTANCE_ID_PATTERN);

	public InstanceKey {
		Assert.isTrue(service != null && SERVICE.matcher(service).matches(), () -> "Invalid service name " + service);
		Assert.isTrue(instanceId != null && INSTANCE_ID.matcher(instanceId).matches(),
				() -> "Invalid instance id " + instanceId);
	}

	@Override
	public String toString() {
		return this.service + "/" + this.instanceId;
	}

}
