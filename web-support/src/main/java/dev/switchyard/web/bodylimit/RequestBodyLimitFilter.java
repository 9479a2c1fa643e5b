package dev.switchyard.web.bodylimit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Rejects request bodies larger than a limit with a 413: up front when
 * {@code Content-Length} says so, and while reading otherwise (chunked bodies), so that a
 * body is never read whole. The up-front rejection goes through the application's MVC
 * exception handlers as a {@link PayloadTooLargeException}, so that it is rendered like
 * every other error; a rejection while reading reaches them as a failure to read the body
 * whose cause {@link PayloadTooLargeException#causedBy(Throwable)} recognises.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * Early, before anything that could read the body.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private final long limit;

	private final HandlerExceptionResolver exceptionResolver;

	/**
	 * Create the filter.
	 * @param maxBodySize the largest body accepted
	 * @param exceptionResolver the application's {@code handlerExceptionResolver}, which
	 * renders the 413
	 */
	public RequestBodyLimitFilter(DataSize maxBodySize, HandlerExceptionResolver exceptionResolver) {
		Assert.isTrue(maxBodySize.toBytes() > 0, "The body size limit must be positive");
		this.limit = maxBodySize.toBytes();
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			closeConnection(response);
			this.exceptionResolver.resolveException(request, response, null, new PayloadTooLargeException(this.limit));
			return;
		}
		chain.doFilter(new LimitedRequest(request, response, this.limit), response);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * The unread rest of the body would otherwise be drained before the connection is
	 * reused.
	 */
	private static void closeConnection(HttpServletResponse response) {
		if (!response.isCommitted()) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final HttpServletResponse response;

		private final long limit;

		private ServletInputStream inputStream;

		private BufferedReader reader;

		LimitedRequest(HttpServletRequest request, HttpServletResponse response, long limit) {
			super(request);
			this.response = response;
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.inputStream == null) {
				this.inputStream = new LimitedInputStream(super.getInputStream(), this.response, this.limit);
			}
			return this.inputStream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
			}
			return this.reader;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final HttpServletResponse response;

		private final long limit;

		private long count;

		LimitedInputStream(ServletInputStream delegate, HttpServletResponse response, long limit) {
			this.delegate = delegate;
			this.response = response;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int read = this.delegate.read();
			if (read != -1) {
				count(1);
			}
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = this.delegate.read(buffer, offset, length);
			if (read > 0) {
				count(read);
			}
			return read;
		}

		private void count(int read) throws RequestBodyTooLargeException {
			this.count += read;
			if (this.count > this.limit) {
				closeConnection(this.response);
				throw new RequestBodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

	}

}
