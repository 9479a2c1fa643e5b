package dev.switchyard.gateway.balancer.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.policy.Candidates;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

/**
 * The stages that narrow a service's instances down to a policy's candidates, composed in
 * one place as spring-cloud-commons composes its {@code ServiceInstanceListSupplier}
 * decorators:
 * {@code builder().withStatus().withEjection(..).withSlowStart(..).withZonePreference(..).withCapacity(..)}.
 * One pipeline per service, as a stage may keep state (slow start remembers when each
 * instance came back).
 */
public final class CandidatePipeline {

	private final List<CandidateStage> stages;

	private CandidatePipeline(List<CandidateStage> stages) {
		this.stages = List.copyOf(stages);
	}

	/**
	 * Start a pipeline.
	 * @return a builder with no stage
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Run every stage, in order, over the service's instances.
	 * @param context the pick's context, holding every instance of the service
	 * @return the candidates the policy may pick from
	 */
	public Candidates filter(PipelineContext context) {
		// copied once, so that the stages that leave nothing out pass the same list on
		List<ServiceInstance> all = List.copyOf(context.instances());
		Candidates candidates = new Candidates(all, all);
		for (CandidateStage stage : this.stages) {
			candidates = stage.filter(candidates, context);
		}
		return candidates;
	}

	/**
	 * Builds a {@link CandidatePipeline}; stages run in the order they are added.
	 */
	public static final class Builder {

		private final List<CandidateStage> stages = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Keep {@code UP} instances not tried yet, and {@code DRAINING} ones for
		 * affinity.
		 * @return this builder
		 */
		public Builder withStatus() {
			return with(new StatusStage());
		}

		/**
		 * Leave out ejected instances, never more than half.
		 * @param statistics the instances' statistics
		 * @return this builder
		 */
		public Builder withEjection(BalancerStatistics statistics) {
			return with(new EjectionStage(statistics));
		}

		/**
		 * Ramp up a new or returning instance's share over the route's {@code slowStart}.
		 * @param nanoClock the clock
		 * @param random the chance of a ramping instance being a candidate, from 0 to 1
		 * @return this builder
		 */
		public Builder withSlowStart(LongSupplier nanoClock, DoubleSupplier random) {
			return with(new SlowStartStage(nanoClock, random));
		}

		/**
		 * Ramp up a new or returning instance's share over the route's {@code slowStart}.
		 * @param nanoClock the clock
		 * @return this builder
		 */
		public Builder withSlowStart(LongSupplier nanoClock) {
			return withSlowStart(nanoClock, () -> ThreadLocalRandom.current().nextDouble());
		}

		/**
		 * Prefer the gateway's own zone on {@code zoneAware} routes.
		 * @param zone the gateway's zone, {@code null} if it has none
		 * @param statistics the instances' statistics
		 * @return this builder
		 */
		public Builder withZonePreference(@Nullable String zone, BalancerStatistics statistics) {
			return with(new ZonePreferenceStage(zone, statistics));
		}

		/**
		 * Leave out instances at the route's {@code maxInFlight}.
		 * @param statistics the instances' statistics
		 * @return this builder
		 */
		public Builder withCapacity(BalancerStatistics statistics) {
			return with(new CapacityStage(statistics));
		}

		/**
		 * Add a stage.
		 * @param stage the stage
		 * @return this builder
		 */
		public Builder with(CandidateStage stage) {
			this.stages.add(stage);
			return this;
		}

		public CandidatePipeline build() {
			return new CandidatePipeline(this.stages);
		}

	}

}
