package dev.switchyard.node.session;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits that keep a cart, and so a session in Redis, small.
 *
 * @param maxDistinctItems the most distinct SKUs a cart may hold
 * @param maxTotalQuantity the most units a cart may hold in total
 */
@Validated
@ConfigurationProperties("node.cart")
public record CartProperties(@Min(1) @DefaultValue("50") int maxDistinctItems,
		@Min(1) @DefaultValue("999") int maxTotalQuantity) {

}
