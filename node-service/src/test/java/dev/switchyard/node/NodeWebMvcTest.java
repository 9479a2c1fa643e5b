package dev.switchyard.node;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.switchyard.node.admin.AdminProperties;
import dev.switchyard.node.catalog.CatalogProperties;
import dev.switchyard.node.chaos.ChaosMonkey;
import dev.switchyard.node.identity.NodeIdentity;
import dev.switchyard.node.local.LocalCounterProperties;
import dev.switchyard.node.session.CartProperties;
import dev.switchyard.node.session.NodeSessionProperties;
import dev.switchyard.node.threads.ThreadsProperties;
import dev.switchyard.node.web.NodeLimitsProperties;
import dev.switchyard.node.web.ProblemResponseWriter;
import dev.switchyard.node.web.RequestBodyLimitConfiguration;
import dev.switchyard.node.work.WorkProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestPropertySource;

/**
 * A {@link WebMvcTest} slice with what every node controller, filter and interceptor
 * needs (the slice does not scan configuration properties), the request body limit,
 * registration disabled and a known admin token.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@Import({ NodeIdentity.class, ProblemResponseWriter.class, ChaosMonkey.class, SimpleMeterRegistry.class,
		RequestBodyLimitConfiguration.class })
@EnableConfigurationProperties({ AdminProperties.class, CatalogProperties.class, CartProperties.class,
		LocalCounterProperties.class, NodeLimitsProperties.class, NodeSessionProperties.class, ThreadsProperties.class,
		WorkProperties.class })
@TestPropertySource(properties = { "registry.client.enabled=false", "registry.client.registration.instance-id=node-a",
		"node.admin.token=" + NodeWebMvcTest.ADMIN_TOKEN })
public @interface NodeWebMvcTest {

	/**
	 * The admin token of the slice.
	 */
	String ADMIN_TOKEN = "test-admin-token";

	/**
	 * The controllers to test.
	 * @return the controllers
	 */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value() default {};

}
