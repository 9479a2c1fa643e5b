package dev.switchyard.gateway.balancer.pipeline;

import dev.switchyard.gateway.balancer.policy.Candidates;

/**
 * One stage of the {@link CandidatePipeline}: it narrows the candidates (or changes their
 * shares) and records in the context why it left an instance out.
 */
@FunctionalInterface
public interface CandidateStage {

	/**
	 * Narrow the candidates.
	 * @param candidates what the previous stages left
	 * @param context the request, the route's settings and the record of what was skipped
	 * @return what this stage leaves
	 */
	Candidates filter(Candidates candidates, PipelineContext context);

}
