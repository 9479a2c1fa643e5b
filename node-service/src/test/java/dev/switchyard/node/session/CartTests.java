package dev.switchyard.node.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CartTests {

	private static final CartProperties LIMITS = new CartProperties(3, 10);

	@Test
	void shouldMergeSameSku() {
		Cart cart = Cart.empty().with("A", 1, LIMITS).with("B", 2, LIMITS);

		Cart merged = cart.with("A", 4, LIMITS);

		assertThat(merged.items()).containsExactly(new CartItem("A", 5), new CartItem("B", 2));
		assertThat(merged.totalQuantity()).isEqualTo(7);
		assertThat(cart.items()).containsExactly(new CartItem("A", 1), new CartItem("B", 2));
	}

	@Test
	void shouldRejectTooManyDistinctItems() {
		Cart cart = Cart.empty().with("A", 1, LIMITS).with("B", 1, LIMITS).with("C", 1, LIMITS);

		assertThatExceptionOfType(CartLimitExceededException.class).isThrownBy(() -> cart.with("D", 1, LIMITS))
			.satisfies(
					(ex) -> assertThat(ex.getBody().getDetail()).isEqualTo("A cart holds at most 3 distinct items."));
	}

	@Test
	void shouldRejectTooManyUnits() {
		Cart cart = Cart.empty().with("A", 9, LIMITS);

		assertThatExceptionOfType(CartLimitExceededException.class).isThrownBy(() -> cart.with("A", 2, LIMITS))
			.satisfies(
					(ex) -> assertThat(ex.getBody().getDetail()).isEqualTo("A cart holds at most 10 units in total."));
	}

	@Test
	void shouldSurviveJdkSerialization() throws IOException, ClassNotFoundException {
		Cart cart = Cart.empty().with("A", 1, LIMITS).with("B", 2, LIMITS);

		Object copy = deserialize(serialize(cart));

		assertThat(copy).isEqualTo(cart);
	}

	private static byte[] serialize(Object value) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		return bytes.toByteArray();
	}

	private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			return in.readObject();
		}
	}

}
