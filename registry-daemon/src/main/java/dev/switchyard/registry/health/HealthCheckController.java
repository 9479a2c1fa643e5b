package dev.switchyard.registry.health;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/health/checks}: the last checks of every registered instance, newest
 * first, readable without a token like every read of the registry.
 */
@RestController
class HealthCheckController {

	private final InstanceHealthChecker checker;

	HealthCheckController(InstanceHealthChecker checker) {
		this.checker = checker;
	}

	@GetMapping("/v1/health/checks")
	Checks checks() {
		return new Checks(this.checker.recentChecks());
	}

	/**
	 * The answer.
	 *
	 * @param instances the checks of each instance, sorted by service and instance id
	 */
	record Checks(List<InstanceHealthChecker.InstanceChecks> instances) {

	}

}
