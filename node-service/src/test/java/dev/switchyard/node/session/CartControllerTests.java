package dev.switchyard.node.session;

import java.util.stream.IntStream;

import dev.switchyard.node.NodeWebMvcTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@NodeWebMvcTest(CartController.class)
class CartControllerTests {

	@Autowired
	private MockMvcTester mvc;

	private final MockHttpSession session = new MockHttpSession();

	@Test
	void shouldShowEmptyCartWithoutCreatingSession() {
		MvcTestResult result = this.mvc.get().uri("/api/cart").exchange();

		assertThat(result).hasStatusOk().hasHeader("X-Instance-Id", "node-a");
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"instanceId":"node-a","items":[],"totalQuantity":0}
				""");
		assertThat(result.getRequest().getSession(false)).isNull();
	}

	@Test
	void shouldAddItemAndAnswerCreated() {
		MvcTestResult result = add("SKU-1", 2);

		assertThat(result).hasStatus(HttpStatus.CREATED).hasHeader("Location", "/api/cart");
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"instanceId":"node-a","items":[{"sku":"SKU-1","qty":2}],"totalQuantity":2}
				""");
	}

	@Test
	void shouldMergeSameSkuAndKeepOrder() {
		add("A", 1);
		add("B", 5);

		add("A", 3);

		assertThat(this.mvc.get().uri("/api/cart").session(this.session)).bodyJson().isStrictlyEqualTo("""
				{"instanceId":"node-a","items":[{"sku":"A","qty":4},{"sku":"B","qty":5}],"totalQuantity":9}
				""");
	}

	@Test
	void shouldEmptyCart() {
		add("A", 1);

		MvcTestResult result = this.mvc.delete().uri("/api/cart").session(this.session).exchange();

		assertThat(result).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(this.mvc.get().uri("/api/cart").session(this.session)).bodyJson()
			.extractingPath("$.totalQuantity")
			.isEqualTo(0);
	}

	@Test
	void shouldEmptyCartWithoutSession() {
		MvcTestResult result = this.mvc.delete().uri("/api/cart").exchange();

		assertThat(result).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(result.getRequest().getSession(false)).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { """
			{"sku":"A","qty":0}""", """
			{"sku":"A","qty":100}""", """
			{"sku":"A","qty":-1}""", """
			{"sku":"A"}""", """
			{"qty":1}""", """
			{"sku":"","qty":1}""", """
			{"sku":"has space","qty":1}""", """
			{"sku":"sku/slash","qty":1}""", """
			{"sku":"ü","qty":1}""", """
			{"sku":"12345678901234567890123456789012345678901","qty":1}""", """
			{"sku":"A","qty":"many"}""", """
			{"sku":"A","qty":1.5}""", """
			{"sku":"A","qty":1.0}""", """
			{"sku":"A","qty":1""", """
			[]""", "" })
	void shouldRejectInvalidItem(String body) {
		MvcTestResult result = this.mvc.post()
			.uri("/api/cart/items")
			.session(this.session)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("X-Instance-Id", "node-a");
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
		assertThat(this.session.getAttribute(CartController.CART_ATTRIBUTE)).isNull();
	}

	@Test
	void shouldRejectItemOverBodyLimitWith413() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/cart/items")
			.session(this.session)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"sku\":\"" + "a".repeat(1024 * 1024) + "\",\"qty\":1}")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("X-Instance-Id", "node-a")
			.hasHeader("Connection", "close");
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(413);
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("The request body exceeds the limit of 65536 bytes");
		assertThat(this.session.getAttribute(CartController.CART_ATTRIBUTE)).isNull();
	}

	@Test
	void shouldAcceptLongestSku() {
		MvcTestResult result = add("1234567890123456789012345678901234567890", 99);

		assertThat(result).hasStatus(HttpStatus.CREATED);
	}

	@Test
	void shouldNameInvalidFields() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/cart/items")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"sku":"no spaces","qty":100}""")
			.exchange();

		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactlyInAnyOrder("sku", "qty");
	}

	@Test
	void shouldRejectMoreThanFiftyDistinctItems() {
		IntStream.rangeClosed(1, 50).forEach((i) -> assertThat(add("SKU-" + i, 1)).hasStatus(HttpStatus.CREATED));

		MvcTestResult result = add("SKU-51", 1);

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("A cart holds at most 50 distinct items.");
		assertThat(this.mvc.get().uri("/api/cart").session(this.session)).bodyJson()
			.extractingPath("$.totalQuantity")
			.isEqualTo(50);
	}

	@Test
	void shouldRejectMoreThan999Units() {
		IntStream.rangeClosed(1, 10).forEach((i) -> add("SKU-" + i, 99));
		assertThat(add("SKU-11", 9)).hasStatus(HttpStatus.CREATED);

		MvcTestResult result = add("SKU-11", 1);

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("A cart holds at most 999 units in total.");
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
	}

	private MvcTestResult add(String sku, int qty) {
		return this.mvc.post()
			.uri("/api/cart/items")
			.session(this.session)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}")
			.exchange();
	}

}
