package dev.switchyard.node;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The node service: one of the servers behind the gateway, showing the kinds of server
 * state side by side.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NodeServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(NodeServiceApplication.class, args);
	}

}
