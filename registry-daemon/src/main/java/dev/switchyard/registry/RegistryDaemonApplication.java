package dev.switchyard.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The registry daemon: a per-machine port mapper where service instances register, renew
 * leases and are found by the gateway.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RegistryDaemonApplication {

	public static void main(String[] args) {
		SpringApplication.run(RegistryDaemonApplication.class, args);
	}

}
