package dev.switchyard.gateway.balancer;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Ejection by success rate, beside the consecutive failures of
 * {@code gateway.balancer.ejection}: Envoy's {@code success_rate} outlier detection.
 *
 * @param enabled whether instances are compared at all
 * @param interval how often, and over how long, the success rates are compared
 * @param minimumRequests the attempts an instance needs in the interval to be compared
 * @param minimumHosts the instances that must have as many for any to be ejected
 * @param stdevFactor how many standard deviations below the others' mean ejects (Envoy's
 * default, 1.9)
 */
@Validated
@ConfigurationProperties("gateway.balancer.ejection.success-rate")
public record SuccessRateEjectionProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DefaultValue("10s") Duration interval, @Min(1) @DefaultValue("100") int minimumRequests,
		@Min(2) @DefaultValue("3") int minimumHosts, @DecimalMin("0") @DefaultValue("1.9") double stdevFactor) {

}
