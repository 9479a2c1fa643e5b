package dev.switchyard.node.jobs;

import java.net.URI;
import java.util.regex.Pattern;

import dev.switchyard.node.identity.NodeIdentity;
import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Long jobs: {@code POST} runs one on this node; {@code GET} and {@code DELETE} work on
 * any node, which reads the job's state from Redis and reaches its owner through the
 * control channel.
 */
@RestController
@RequestMapping("/api/jobs")
public class JobController {

	private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final NodeIdentity identity;

	private final JobRunner runner;

	private final JobStore store;

	JobController(NodeIdentity identity, JobRunner runner, JobStore store) {
		this.identity = identity;
		this.runner = runner;
		this.store = store;
	}

	@PostMapping
	@ApiResponse(responseCode = "202", description = "The job, started on this node", useReturnTypeSchema = true)
	ResponseEntity<JobView> start(@Valid @RequestBody StartJobRequest request) {
		Job job = this.runner.start(request.durationMs());
		return ResponseEntity.accepted().location(URI.create("/api/jobs/" + job.id())).body(view(job));
	}

	@GetMapping("/{id}")
	JobView get(@PathVariable String id) {
		return view(this.store.find(checked(id)).orElseThrow(() -> JobProblems.notFound(id)));
	}

	/**
	 * Cancel a job wherever it runs: 202 while the cancellation is on its way to the
	 * owner, 204 if it was cancelled already, 409 if it has completed.
	 */
	@DeleteMapping("/{id}")
	@ApiResponse(responseCode = "202", description = "The cancellation is on its way to the job's node",
			useReturnTypeSchema = true)
	@ApiResponse(responseCode = "204", description = "The job was cancelled already")
	ResponseEntity<JobView> cancel(@PathVariable String id) {
		JobState state = this.store.requestCancel(checked(id)).orElseThrow(() -> JobProblems.notFound(id));
		return switch (state) {
			case RUNNING,
					LOST ->
				ResponseEntity.accepted()
					.location(URI.create("/api/jobs/" + id))
					.body(view(this.store.find(id).orElseThrow(() -> JobProblems.notFound(id))));
			case CANCELLED -> ResponseEntity.noContent().build();
			case COMPLETED -> throw JobProblems.alreadyCompleted(id);
		};
	}

	private static String checked(String id) {
		// An id that could not have been issued names no job, and never reaches Redis.
		if (!ID.matcher(id).matches()) {
			throw JobProblems.notFound(id);
		}
		return id;
	}

	private JobView view(Job job) {
		return new JobView(job.id(), this.identity.instanceId(), job.owner(), job.state(), job.progress(),
				job.durationMs(), job.createdAt(), job.updatedAt(), job.finishedAt(), job.cancelRequested());
	}

}
