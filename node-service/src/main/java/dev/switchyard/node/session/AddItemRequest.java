package dev.switchyard.node.session;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/cart/items}.
 *
 * @param sku the SKU: letters, digits and dashes, 1 to 40 of them
 * @param qty how many units to add, 1 to 99
 */
@Schema(example = "{\"sku\":\"apple\",\"qty\":2}")
public record AddItemRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,40}") String sku,
		@NotNull @Min(1) @Max(99) Integer qty) {

}
