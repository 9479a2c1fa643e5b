package dev.switchyard.node.jobs;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;

/**
 * Receives cancellations on the control channel, from whichever node the {@code DELETE}
 * reached, and interrupts the job if this node runs it.
 */
class JobControlListener implements MessageListener {

	private static final Log logger = LogFactory.getLog(JobControlListener.class);

	private final JobRunner runner;

	JobControlListener(JobRunner runner) {
		this.runner = runner;
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String id = new String(message.getBody(), StandardCharsets.UTF_8);
		if (this.runner.interrupt(id)) {
			logger.debug("Cancelling job " + id + " on request from the control channel");
		}
	}

}
