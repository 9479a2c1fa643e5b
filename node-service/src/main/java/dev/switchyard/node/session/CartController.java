package dev.switchyard.node.session;

import java.net.URI;

import dev.switchyard.node.identity.NodeIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cart: state in the HTTP session, which Spring Session keeps in Redis, so that any
 * node can serve any request of the session.
 */
@RestController
@RequestMapping("/api/cart")
public class CartController {

	static final String CART_ATTRIBUTE = "switchyard.cart";

	private static final URI CART = URI.create("/api/cart");

	private final NodeIdentity identity;

	private final CartProperties limits;

	CartController(NodeIdentity identity, CartProperties limits) {
		this.identity = identity;
		this.limits = limits;
	}

	/**
	 * Show the cart; a caller without a session gets an empty cart and no session.
	 */
	@GetMapping
	CartResponse cart(HttpServletRequest request) {
		return response(cartOf(request.getSession(false)));
	}

	@PostMapping("/items")
	@ApiResponse(responseCode = "201", description = "The cart with the item added", useReturnTypeSchema = true)
	ResponseEntity<CartResponse> add(@Valid @RequestBody AddItemRequest item, HttpServletRequest request) {
		HttpSession session = request.getSession(true);
		Cart before = cartOf(session);
		Cart cart = before.with(item.sku(), item.qty(), this.limits);
		if (!session.isNew() && before.items().isEmpty()) {
			// the session is about to hold something worth stealing: a new id, so that an
			// id planted or seen before (session fixation) does not lead to this cart
			request.changeSessionId();
		}
		session.setAttribute(CART_ATTRIBUTE, cart);
		return ResponseEntity.created(CART).body(response(cart));
	}

	@DeleteMapping
	@ApiResponse(responseCode = "204", description = "The cart is empty")
	ResponseEntity<Void> clear(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(CART_ATTRIBUTE);
		}
		return ResponseEntity.noContent().build();
	}

	private CartResponse response(Cart cart) {
		return new CartResponse(this.identity.instanceId(), cart.items(), cart.totalQuantity());
	}

	private static Cart cartOf(@Nullable HttpSession session) {
		Object cart = (session != null) ? session.getAttribute(CART_ATTRIBUTE) : null;
		return (cart instanceof Cart stored) ? stored : Cart.empty();
	}

}
