package io.sluice.samples.orders;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;

/**
 * An order as the order service sends it: a MapMessage with {@code orderId}, {@code sku} and an
 * int {@code quantity}.
 *
 * <p>Immutable.
 *
 * @param orderId unique per order
 * @param sku the product
 * @param quantity how many, 1 or more
 */
record Order(String orderId, String sku, int quantity) {
    /**
     * Reads an order.
     *
     * @throws MessageFormatException when the message is not a well-formed order (a poison order)
     */
    static Order from(Message message) throws JMSException {
        if (!(message instanceof MapMessage m)) {
            throw new MessageFormatException("not a MapMessage: " + message.getJMSMessageID());
        }
        String orderId = m.getString("orderId");
        int quantity;
        try {
            quantity = m.getInt("quantity");
        } catch (NumberFormatException e) {
            throw new MessageFormatException(
                    "order " + orderId + " has quantity '" + m.getObject("quantity") + "', not a number");
        }
        if (quantity < 1) {
            throw new MessageFormatException("order " + orderId + " has quantity " + quantity + ", less than 1");
        }
        return new Order(orderId, m.getString("sku"), quantity);
    }
}
