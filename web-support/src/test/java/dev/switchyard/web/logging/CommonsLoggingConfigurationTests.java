package dev.switchyard.web.logging;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Log4jApiLogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.core.log.LogMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for web-support's {@code commons-logging.properties}: Spring's logging checks the
 * level before it renders a message, and still reaches Logback.
 */
class CommonsLoggingConfigurationTests {

	private static final String NAME = "dev.switchyard.web.logging.probe";

	private final Logger logback = (Logger) LoggerFactory.getLogger(NAME);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void attach() {
		this.appender.start();
		this.logback.addAppender(this.appender);
	}

	@AfterEach
	void detach() {
		this.logback.detachAppender(this.appender);
		this.logback.setLevel(null);
	}

	@Test
	void shouldPickTheLog4jApiAdapter() {
		assertThat(LogFactory.getFactory()).isInstanceOf(Log4jApiLogFactory.class);
	}

	@Test
	void shouldNotRenderAMessageBelowTheLevel() {
		this.logback.setLevel(Level.INFO);
		AtomicInteger rendered = new AtomicInteger();
		Log log = LogFactory.getLog(NAME);
		log.trace(LogMessage.of(() -> "trace " + rendered.incrementAndGet()));
		log.debug(LogMessage.of(() -> "debug " + rendered.incrementAndGet()));
		log.trace(new Object() {
			@Override
			public String toString() {
				return "object " + rendered.incrementAndGet();
			}
		});
		assertThat(rendered).hasValue(0);
		assertThat(this.appender.list).isEmpty();
	}

	@Test
	void shouldHandWhatIsEnabledToLogbackUnderTheSameLogger() {
		this.logback.setLevel(Level.TRACE);
		Log log = LogFactory.getLog(NAME);
		log.trace(LogMessage.format("forwarded for %s", "127.0.0.1"));
		log.info("plain", new IllegalStateException("boom"));
		assertThat(this.appender.list).hasSize(2);
		ILoggingEvent trace = this.appender.list.get(0);
		assertThat(trace.getLevel()).isEqualTo(Level.TRACE);
		assertThat(trace.getLoggerName()).isEqualTo(NAME);
		assertThat(trace.getFormattedMessage()).isEqualTo("forwarded for 127.0.0.1");
		ILoggingEvent info = this.appender.list.get(1);
		assertThat(info.getLevel()).isEqualTo(Level.INFO);
		assertThat(info.getThrowableProxy().getMessage()).isEqualTo("boom");
	}

}
