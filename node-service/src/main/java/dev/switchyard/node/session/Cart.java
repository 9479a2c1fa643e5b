package dev.switchyard.node.session;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The cart as it is stored in the session: an immutable, serializable value that is
 * replaced, never changed in place, so that every change is written to Redis.
 * <p>
 * Records need no {@code serialVersionUID} to deserialize across nodes: their stream form
 * is their components.
 *
 * @param items the lines, in the order they were first added
 */
public record Cart(List<CartItem> items) implements Serializable {

	private static final Cart EMPTY = new Cart(List.of());

	/**
	 * Create a cart.
	 * @param items the lines
	 */
	public Cart {
		items = List.copyOf(items);
	}

	/**
	 * Return the empty cart.
	 * @return the empty cart
	 */
	public static Cart empty() {
		return EMPTY;
	}

	/**
	 * Return the number of units across all lines.
	 * @return the total quantity
	 */
	public int totalQuantity() {
		return this.items.stream().mapToInt(CartItem::qty).sum();
	}

	/**
	 * Return a cart with units added, merged into the line of the same SKU.
	 * @param sku the SKU
	 * @param qty how many units to add
	 * @param limits the limits the result must respect
	 * @return the new cart
	 * @throws CartLimitExceededException if the result would break a limit
	 */
	Cart with(String sku, int qty, CartProperties limits) {
		List<CartItem> lines = new ArrayList<>(this.items.size() + 1);
		boolean merged = false;
		for (CartItem item : this.items) {
			if (item.sku().equals(sku)) {
				lines.add(new CartItem(sku, item.qty() + qty));
				merged = true;
			}
			else {
				lines.add(item);
			}
		}
		if (!merged) {
			lines.add(new CartItem(sku, qty));
		}
		Cart cart = new Cart(lines);
		if (cart.items.size() > limits.maxDistinctItems()) {
			throw new CartLimitExceededException(
					"A cart holds at most " + limits.maxDistinctItems() + " distinct items.");
		}
		if (cart.totalQuantity() > limits.maxTotalQuantity()) {
			throw new CartLimitExceededException(
					"A cart holds at most " + limits.maxTotalQuantity() + " units in total.");
		}
		return cart;
	}

}
