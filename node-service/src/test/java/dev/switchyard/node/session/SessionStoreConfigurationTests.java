package dev.switchyard.node.session;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.CookieSerializer.CookieValue;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.support.SessionFlashMapManager;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStoreConfigurationTests {

	private final SessionStoreConfiguration configuration = new SessionStoreConfiguration();

	@Test
	void shouldWriteHttpOnlyLaxCookieNamedSession() {
		String cookie = writeCookie(false);

		assertThat(cookie).startsWith("SESSION=").contains("; HttpOnly", "; SameSite=Lax").doesNotContain("Secure");
	}

	@Test
	void shouldMarkCookieSecureWhenConfigured() {
		String cookie = writeCookie(true);

		assertThat(cookie).contains("; Secure", "; HttpOnly", "; SameSite=Lax");
	}

	@Test
	void shouldReplaceSessionFlashMapManagerWithOneThatNeverReadsTheSession() {
		Object replaced = SessionStoreConfiguration.statelessFlashMapManagerPostProcessor()
			.postProcessAfterInitialization(new SessionFlashMapManager(), "flashMapManager");
		MockHttpServletRequest request = new MockHttpServletRequest();

		Object flashMap = ((FlashMapManager) replaced).retrieveAndUpdate(request, new MockHttpServletResponse());

		assertThat(replaced).isNotInstanceOf(SessionFlashMapManager.class);
		assertThat(flashMap).isNull();
		assertThat(request.getSession(false)).isNull();
	}

	private String writeCookie(boolean secure) {
		DefaultCookieSerializer serializer = new DefaultCookieSerializer();
		this.configuration.sessionCookieCustomizer(new NodeSessionProperties(secure)).customize(serializer);
		MockHttpServletRequest request = new MockHttpServletRequest();
		HttpServletResponse response = new MockHttpServletResponse();

		serializer.writeCookieValue(new CookieValue(request, response, "abc"));

		return response.getHeader("Set-Cookie");
	}

}
