package dev.switchyard.web.bodylimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RequestBodyLimitFilterTests {

	private final List<Exception> resolved = new ArrayList<>();

	private final HandlerExceptionResolver resolver = (request, response, handler, ex) -> {
		this.resolved.add(ex);
		return new ModelAndView();
	};

	private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofBytes(10), this.resolver);

	@Test
	void shouldRejectDeclaredLengthOverLimitWithoutCallingChain() throws ServletException, IOException {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
		request.setContent(new byte[11]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		this.filter.doFilter(request, response, chain);

		assertThat(chain.getRequest()).isNull();
		assertThat(response.getHeader("Connection")).isEqualTo("close");
		assertThat(this.resolved).singleElement()
			.isInstanceOfSatisfying(PayloadTooLargeException.class,
					(ex) -> assertThat(ex.getBody().getDetail()).contains("10 bytes"));
	}

	@Test
	void shouldPassBodyWithinLimit() throws ServletException, IOException {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
		request.setContent("0123456789".getBytes(StandardCharsets.UTF_8));
		List<String> read = new ArrayList<>();

		this.filter.doFilter(request, new MockHttpServletResponse(),
				(req, res) -> read.add(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));

		assertThat(read).containsExactly("0123456789");
		assertThat(this.resolved).isEmpty();
	}

	@Test
	void shouldFailReadingUndeclaredLengthOverLimit() throws ServletException, IOException {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}

		};
		request.setContent(new byte[1000]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		List<Throwable> failures = new ArrayList<>();

		this.filter.doFilter(request, response, (req, res) -> failures.add(readFailure((HttpServletRequest) req)));

		assertThat(failures).singleElement().isInstanceOf(RequestBodyTooLargeException.class);
		assertThat(PayloadTooLargeException
			.causedBy(new IllegalStateException(new UncheckedIOException((IOException) failures.get(0))))).isNotNull()
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(413));
		assertThat(response.getHeader("Connection")).isEqualTo("close");
		assertThat(this.resolved).isEmpty();
	}

	@Test
	void shouldNotFindTooLargeInOtherFailures() {
		assertThat(PayloadTooLargeException.causedBy(new IllegalStateException(new IOException("reset")))).isNull();
	}

	@Test
	void shouldRefuseLimitOfZero() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RequestBodyLimitFilter(DataSize.ofBytes(0), this.resolver));
	}

	private static Throwable readFailure(HttpServletRequest request) {
		try (InputStream in = request.getInputStream()) {
			in.readAllBytes();
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
	}

}
