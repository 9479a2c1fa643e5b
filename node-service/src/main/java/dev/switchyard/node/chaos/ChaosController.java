package dev.switchyard.node.chaos;

import dev.switchyard.node.identity.NodeIdentity;
import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/chaos} on the node itself (the gateway does not proxy it): shows, sets
 * and clears the chaos in force; guarded by the admin token.
 */
@RestController
@RequestMapping("/admin/chaos")
public class ChaosController {

	private final NodeIdentity identity;

	private final ChaosMonkey monkey;

	ChaosController(NodeIdentity identity, ChaosMonkey monkey) {
		this.identity = identity;
		this.monkey = monkey;
	}

	@GetMapping
	ChaosView show() {
		return view(this.monkey.settings());
	}

	@PutMapping
	ChaosView apply(@Valid @RequestBody ChaosSettings settings) {
		this.monkey.apply(settings);
		return view(settings);
	}

	@DeleteMapping
	@ApiResponse(responseCode = "204", description = "No more chaos")
	ResponseEntity<Void> clear() {
		this.monkey.clear();
		return ResponseEntity.noContent().build();
	}

	private ChaosView view(ChaosSettings settings) {
		return new ChaosView(this.identity.instanceId(), settings.latencyMs(), settings.errorRate(),
				settings.latencyRate());
	}

}
