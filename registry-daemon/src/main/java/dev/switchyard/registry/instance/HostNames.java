package dev.switchyard.registry.instance;

import java.util.regex.Pattern;

/**
 * Tells whether a string is a host an instance may register: an RFC 1123 host name, an
 * IPv4 literal or an IPv6 literal (optionally in brackets), without resolving anything.
 */
public final class HostNames {

	private static final int MAX_LENGTH = 253;

	private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

	private HostNames() {
	}

	/**
	 * Tell whether the given string is a valid host.
	 * @param host the candidate
	 * @return {@code true} if it is a host name or an IP literal
	 */
	public static boolean isValid(String host) {
		if (host == null || host.isEmpty() || host.length() > MAX_LENGTH) {
			return false;
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			return isIpv6(host.substring(1, host.length() - 1));
		}
		if (host.indexOf(':') >= 0) {
			return isIpv6(host);
		}
		String[] labels = host.split("\\.", -1);
		boolean numeric = true;
		for (String label : labels) {
			if (!LABEL.matcher(label).matches()) {
				return false;
			}
			numeric &= DIGITS.matcher(label).matches();
		}
		// an all-numeric name can only be meant as an IPv4 address, so it must be one
		return !numeric || isIpv4(host);
	}

	static boolean isIpv4(String candidate) {
		String[] parts = candidate.split("\\.", -1);
		if (parts.length != 4) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || !DIGITS.matcher(part).matches()
					|| (part.length() > 1 && part.charAt(0) == '0') || Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

	static boolean isIpv6(String candidate) {
		int compressed = candidate.indexOf("::");
		if (compressed != candidate.lastIndexOf("::")) {
			return false;
		}
		String head = (compressed >= 0) ? candidate.substring(0, compressed) : candidate;
		String tail = (compressed >= 0) ? candidate.substring(compressed + 2) : "";
		String[] headGroups = head.isEmpty() ? new String[0] : head.split(":", -1);
		String[] tailGroups = tail.isEmpty() ? new String[0] : tail.split(":", -1);
		// only the final group may be an embedded IPv4 address
		String[] last = (compressed >= 0) ? tailGroups : headGroups;
		int groups = 0;
		for (String[] part : new String[][] { headGroups, tailGroups }) {
			for (int i = 0; i < part.length; i++) {
				boolean isLast = part == last && i == part.length - 1;
				if (isLast && part[i].indexOf('.') >= 0) {
					if (!isIpv4(part[i])) {
						return false;
					}
					groups += 2;
				}
				else if (HEX_GROUP.matcher(part[i]).matches()) {
					groups++;
				}
				else {
					return false;
				}
			}
		}
		return (compressed >= 0) ? groups <= 7 : groups == 8;
	}

}
