package dev.switchyard.node.session;

import java.util.List;

/**
 * A cart as the API shows it.
 *
 * @param instanceId the instance that served the request
 * @param items the lines
 * @param totalQuantity the number of units across all lines
 */
public record CartResponse(String instanceId, List<CartItem> items, int totalQuantity) {

}
