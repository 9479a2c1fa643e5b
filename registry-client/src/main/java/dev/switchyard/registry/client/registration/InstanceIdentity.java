package dev.switchyard.registry.client.registration;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Locale;

import dev.switchyard.registry.client.RegistryClientProperties;

/**
 * Who this application is in the registry: its service name, instance id and address,
 * known once the web server has its port.
 */
public class InstanceIdentity {

	private final String service;

	private final String instanceId;

	private final String host;

	private volatile int port;

	/**
	 * Create the identity from the registration properties.
	 * @param properties the registration properties
	 * @param applicationName the application's name, used when no service is configured
	 */
	public InstanceIdentity(RegistryClientProperties.Registration properties, String applicationName) {
		this.service = hasText(properties.service()) ? properties.service() : applicationName;
		this.instanceId = hasText(properties.instanceId()) ? properties.instanceId()
				: localHostName() + "-" + ProcessHandle.current().pid();
		this.host = hasText(properties.host()) ? properties.host()
				: properties.preferIpAddress() ? firstSiteAddress() : "127.0.0.1";
	}

	/**
	 * Return the service this application registers as.
	 * @return the service name
	 */
	public String service() {
		return this.service;
	}

	/**
	 * Return the registered host.
	 * @return the host or IP literal
	 */
	public String host() {
		return this.host;
	}

	/**
	 * Return the port the web server listens on.
	 * @return the port, 0 before the web server has started
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return this instance's id: the configured one, else {@code <hostname>-<pid>}, which
	 * is known before the web server has its port, so that metrics can carry it from the
	 * start.
	 * @return the instance id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	void port(int port) {
		this.port = port;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	private static String localHostName() {
		try {
			String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
			String shortName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
			return shortName.replaceAll("[^a-z0-9._-]", "-");
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	private static String firstSiteAddress() {
		try {
			for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (nic.isUp() && !nic.isLoopback()) {
					for (InetAddress address : Collections.list(nic.getInetAddresses())) {
						if (address instanceof Inet4Address) {
							return address.getHostAddress();
						}
					}
				}
			}
		}
		catch (SocketException ex) {
			// fall through to the loopback address
		}
		return "127.0.0.1";
	}

}
