package dev.switchyard.node.chaos;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How slow and how unreliable this node pretends to be; a missing field means none.
 *
 * @param latencyMs the delay added to every {@code /api} request, 0 to 30000
 * @param errorRate the probability that an {@code /api} request fails with 500, 0.0 to
 * 1.0
 * @param latencyRate the probability that an {@code /api} request gets the delay, 0.0 to
 * 1.0; missing means every request (a tail: {@code latencyRate} 0.05 slows 5 %)
 */
@Schema(example = "{\"latencyMs\":300,\"errorRate\":0.1}")
public record ChaosSettings(@Nullable @Min(0) @Max(30_000) Long latencyMs,
		@Nullable @DecimalMin("0.0") @DecimalMax("1.0") Double errorRate,
		@Nullable @DecimalMin("0.0") @DecimalMax("1.0") Double latencyRate) {

	/**
	 * No chaos at all.
	 */
	public static final ChaosSettings NONE = new ChaosSettings(0L, 0.0, 1.0);

	/**
	 * Create the settings, reading a missing field as none.
	 * @param latencyMs the delay
	 * @param errorRate the failure probability
	 */
	public ChaosSettings {
		latencyMs = (latencyMs != null) ? latencyMs : 0L;
		errorRate = (errorRate != null) ? errorRate : 0.0;
		latencyRate = (latencyRate != null) ? latencyRate : 1.0;
	}

	/**
	 * Create settings that delay every request.
	 * @param latencyMs the delay
	 * @param errorRate the failure probability
	 */
	public ChaosSettings(@Nullable Long latencyMs, @Nullable Double errorRate) {
		this(latencyMs, errorRate, null);
	}

}
