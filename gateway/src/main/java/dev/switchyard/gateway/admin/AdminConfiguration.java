package dev.switchyard.gateway.admin;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import dev.switchyard.gateway.balancer.BalancerProperties;
import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;
import dev.switchyard.web.security.BearerTokenAuthenticator;
import dev.switchyard.web.security.BearerTokenWebFilter;
import dev.switchyard.web.security.ProtectedRequests;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts every request to {@code /admin/**}, whatever its method and however its path is
 * spelled, behind the admin token and the rate limits per client address: the address is
 * the peer's, or the one a trusted proxy forwarded
 * ({@code gateway.balancer.trusted-proxies}).
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	@Bean
	ProtectedRequests adminRequests() {
		return ProtectedRequests.paths("/admin/**");
	}

	@Bean
	BearerTokenWebFilter adminTokenWebFilter(ProtectedRequests adminRequests, AdminProperties properties,
			BalancerProperties balancerProperties) {
		BearerTokenAuthenticator authenticator = new BearerTokenAuthenticator(properties.token(),
				"gateway.admin.token (ADMIN_TOKEN)", "switchyard", properties.rateLimit());
		ClientAddressResolver clientAddresses = new ClientAddressResolver(balancerProperties.trustedProxies());
		return new BearerTokenWebFilter(adminRequests, authenticator, (request) -> {
			InetSocketAddress peer = request.getRemoteAddress();
			InetAddress address = clientAddresses.resolve((peer != null) ? peer.getAddress() : null,
					request.getHeaders());
			return (address != null) ? address.getHostAddress() : "unknown";
		});
	}

}
