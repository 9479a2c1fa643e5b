package dev.switchyard.node.identity;

import dev.switchyard.registry.client.registration.InstanceIdentity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * This node's identity as the registry knows it, with a local fallback so that nothing in
 * the node depends on registration being enabled.
 */
@Component
public class NodeIdentity implements ApplicationListener<WebServerInitializedEvent> {

	private static final String LOOPBACK = "127.0.0.1";

	private final ObjectProvider<InstanceIdentity> registered;

	private final String applicationName;

	private final String configuredId;

	private volatile int localPort;

	/**
	 * Create the identity.
	 * @param registered the registry client's identity, absent when registration is
	 * disabled
	 * @param environment the environment, for the fallback
	 */
	public NodeIdentity(ObjectProvider<InstanceIdentity> registered, Environment environment) {
		this.registered = registered;
		this.applicationName = environment.getProperty("spring.application.name", "node-service");
		this.configuredId = environment.getProperty("registry.client.registration.instance-id");
	}

	/**
	 * Return this node's instance id.
	 * @return the registered instance id, else the configured one, else
	 * {@code <application>-<port>}
	 */
	public String instanceId() {
		InstanceIdentity identity = this.registered.getIfAvailable();
		if (identity != null) {
			return identity.instanceId();
		}
		return StringUtils.hasText(this.configuredId) ? this.configuredId : this.applicationName + "-" + this.localPort;
	}

	/**
	 * Return the host this node is reachable at.
	 * @return the registered host, else the loopback address
	 */
	public String host() {
		InstanceIdentity identity = this.registered.getIfAvailable();
		return (identity != null) ? identity.host() : LOOPBACK;
	}

	/**
	 * Return the port this node listens on.
	 * @return the port, 0 before the web server has started
	 */
	public int port() {
		InstanceIdentity identity = this.registered.getIfAvailable();
		return (identity != null && identity.port() != 0) ? identity.port() : this.localPort;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		WebServerApplicationContext context = event.getApplicationContext();
		if (!"management".equals(context.getServerNamespace())) {
			this.localPort = event.getWebServer().getPort();
		}
	}

}
