package dev.switchyard.gateway.balancer;

/**
 * A route setting the gateway does not know, or a value it cannot use; the admin API
 * answers it with a 400 naming the setting.
 */
public class InvalidRouteSettingException extends IllegalArgumentException {

	private final String setting;

	/**
	 * Create the exception.
	 * @param setting the setting's name, such as {@code maxInFlight}
	 * @param message what is wrong with it, starting with its name
	 */
	public InvalidRouteSettingException(String setting, String message) {
		super(message);
		this.setting = setting;
	}

	/**
	 * Return the setting that is wrong.
	 * @return its name
	 */
	public String getSetting() {
		return this.setting;
	}

}
