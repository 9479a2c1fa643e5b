package dev.switchyard.node.session;

import java.io.Serializable;

/**
 * One line of a cart.
 *
 * @param sku the stock-keeping unit
 * @param qty how many units
 */
public record CartItem(String sku, int qty) implements Serializable {

}
