package dev.switchyard.web.tomcat;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Replaces Tomcat's error report valve, including the one Spring Boot configures, with
 * the {@link ProblemDetailErrorReportValve}; a servlet application registers it as a
 * bean.
 */
public class ProblemDetailErrorReportCustomizer
		implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	private final JsonMapper jsonMapper;

	/**
	 * Create the customizer.
	 * @param jsonMapper the mapper that writes the problems
	 */
	public ProblemDetailErrorReportCustomizer(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			Container host = context.getParent();
			Pipeline pipeline = host.getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			pipeline.addValve(new ProblemDetailErrorReportValve(this.jsonMapper));
			if (host instanceof StandardHost standardHost) {
				// or the host adds its default valve again when it starts
				standardHost.setErrorReportValveClass(ProblemDetailErrorReportValve.class.getName());
			}
		});
	}

	@Override
	public int getOrder() {
		// after Spring Boot's customizer, which adds an error report valve of its own
		return Ordered.LOWEST_PRECEDENCE;
	}

}
