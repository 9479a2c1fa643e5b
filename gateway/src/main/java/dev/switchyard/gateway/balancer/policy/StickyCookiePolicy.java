package dev.switchyard.gateway.balancer.policy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.ResponseCookie;
import org.springframework.util.Assert;

/**
 * {@code sticky-cookie}: a client bound to an instance by the signed {@code SY_NODE}
 * cookie keeps going there, even while it is {@code DRAINING}; a client without a valid
 * binding (none, forged, or to an instance gone) is given one by round robin and a new
 * cookie.
 * <p>
 * Several keys can verify (a rotation: the new key first, the old ones after it); only
 * the first signs, and a cookie that only an older key verifies is signed again with it.
 */
public final class StickyCookiePolicy implements LoadBalancingPolicy {

	/** The affinity cookie. */
	public static final String COOKIE_NAME = "SY_NODE";

	private static final String ALGORITHM = "HmacSHA256";

	private final List<SecretKeySpec> keys;

	private static final int MAX_SIGNATURES = 4096;

	private final RoundRobinPolicy fallback = new RoundRobinPolicy();

	/**
	 * The signatures of the instances this policy has bound clients to: an HMAC costs
	 * microseconds, a lookup nanoseconds. Only instances picked here are added, never an
	 * id read from a cookie, so that forged cookies cannot fill it.
	 */
	private final Map<String, String> signatures = new ConcurrentHashMap<>();

	/**
	 * Create the policy with one key.
	 * @param key the key that signs and verifies the cookies
	 */
	public StickyCookiePolicy(byte[] key) {
		this(List.of(key));
	}

	/**
	 * Create the policy with keys in rotation.
	 * @param keys the keys that verify the cookies, the first of which signs them
	 */
	public StickyCookiePolicy(List<byte[]> keys) {
		Assert.notEmpty(keys, "'keys' must not be empty");
		this.keys = keys.stream().map((key) -> new SecretKeySpec(key, ALGORITHM)).toList();
	}

	@Override
	public String name() {
		return PolicyCatalog.STICKY_COOKIE;
	}

	@Override
	public @Nullable Selection choose(Candidates candidates, BalancingRequest request) {
		String value = request.cookies().getFirst(COOKIE_NAME);
		String bound = (value != null) ? verify(request.serviceId(), value) : null;
		if (bound != null) {
			for (ServiceInstance instance : candidates.affinity()) {
				if (instance.getInstanceId().equals(bound)) {
					String reason = request.explain()
							? "bound by " + COOKIE_NAME + " (" + ServiceInstances.status(instance) + ")" : null;
					ResponseCookie renewed = cookie(instance);
					// signed with an older key: the same binding, signed with the current
					// one
					return renewed.getValue().equals(value) ? Selection.of(instance, reason)
							: new Selection(instance, reason, renewed);
				}
			}
		}
		Selection pick = this.fallback.choose(candidates, request);
		if (pick == null) {
			return null;
		}
		String reason = null;
		if (request.explain()) {
			String why = (value == null) ? "no " + COOKIE_NAME + " cookie"
					: (bound == null) ? "invalid " + COOKIE_NAME + " cookie ignored" : "bound instance "
							+ bound + " unavailable"
							+ (request.excluded().containsKey(bound) ? " (" + request.excluded().get(bound) + ")" : "");
			reason = why + ", new binding: " + pick.reason();
		}
		return new Selection(pick.instance(), reason, cookie(pick.instance()));
	}

	/**
	 * Return the cookie binding a client to an instance.
	 * @param instance the instance
	 * @return the cookie
	 */
	public ResponseCookie cookie(ServiceInstance instance) {
		String key = instance.getServiceId() + "\n" + instance.getInstanceId();
		String signature = this.signatures.get(key);
		if (signature == null) {
			signature = sign(this.keys.get(0), instance.getServiceId(), instance.getInstanceId());
			remember(key, signature);
		}
		String value = instance.getInstanceId() + "." + signature;
		return ResponseCookie.from(COOKIE_NAME, value).path("/").httpOnly(true).sameSite("Lax").build();
	}

	/**
	 * Return the instance a cookie value binds to, if its signature is valid.
	 * @param serviceId the service balanced
	 * @param value the cookie value
	 * @return the instance id, or {@code null} for a forged or malformed value
	 */
	@Nullable String verify(String serviceId, String value) {
		int dot = value.lastIndexOf('.');
		if (dot <= 0 || dot == value.length() - 1) {
			return null;
		}
		String instanceId = value.substring(0, dot);
		String key = serviceId + "\n" + instanceId;
		byte[] actual = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
		String signature = this.signatures.get(key);
		if (signature != null && MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII), actual)) {
			return instanceId;
		}
		for (int i = 0; i < this.keys.size(); i++) {
			String expected = sign(this.keys.get(i), serviceId, instanceId);
			if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual)) {
				if (i == 0) {
					// signed with our key, so issued by a gateway: not a forgery that
					// could
					// fill the map
					remember(key, expected);
				}
				return instanceId;
			}
		}
		return null;
	}

	private void remember(String key, String signature) {
		if (this.signatures.size() >= MAX_SIGNATURES) {
			this.signatures.clear();
		}
		this.signatures.put(key, signature);
	}

	private static String sign(SecretKeySpec key, @Nullable String serviceId, String instanceId) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			byte[] signature = mac.doFinal((serviceId + "\n" + instanceId).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("Cannot sign affinity cookies", ex);
		}
	}

}
