package io.sluice.samples.flashsale;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.io.PrintStream;

/**
 * One of the fixed pool of consumers that grant tickets: takes purchase requests from the queue
 * one at a time, asks the inventory, and answers the buyer on the request's JMSReplyTo. However
 * many requests arrive at once, the desks work at their own pace; the queue holds the rest.
 *
 * <p>Not thread-safe, confined to its session's thread (JMS calls onMessage there).
 */
final class TicketDesk implements MessageListener {
    static final String OUTCOME_GRANTED = "GRANTED";
    static final String OUTCOME_SOLD_OUT = "SOLD_OUT";
    static final String OUTCOME_SALE_CLOSED = "SALE_CLOSED";
    /** What a desk spends on one request (the stock check against the database). */
    private static final long WORK_MS = 1;

    private final String saleId;
    private final TicketInventory inventory;
    private final BacklogGauge backlog;
    private final PrintStream out;
    private final Session session;
    private final MessageProducer replies;

    TicketDesk(
            Connection connection,
            Queue purchases,
            String saleId,
            TicketInventory inventory,
            BacklogGauge backlog,
            PrintStream out)
            throws JMSException {
        this.saleId = saleId;
        this.inventory = inventory;
        this.backlog = backlog;
        this.out = out;
        session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        replies = session.createProducer(null);
        // An answer matters only while its buyer waits for it.
        replies.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        MessageConsumer consumer = session.createConsumer(purchases);
        consumer.setMessageListener(this);
    }

    @Override
    public void onMessage(Message request) {
        try {
            answer(request);
        } catch (JMSException e) {
            out.println("[desk] could not answer " + request + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(Message request) throws JMSException, InterruptedException {
        String buyerId = ((MapMessage) request).getString("buyerId");
        String outcome;
        int ticket = TicketInventory.SOLD_OUT;
        if (saleId.equals(request.getStringProperty(PurchaseGateway.SALE_ID_PROPERTY))) {
            backlog.onTaken();
            Thread.sleep(WORK_MS);
            ticket = inventory.grant(buyerId);
            outcome = ticket == TicketInventory.SOLD_OUT ? OUTCOME_SOLD_OUT : OUTCOME_GRANTED;
        } else {
            outcome = OUTCOME_SALE_CLOSED; // left over from an earlier sale
        }
        MapMessage reply = session.createMapMessage();
        reply.setJMSCorrelationID(request.getJMSCorrelationID());
        reply.setString("buyerId", buyerId);
        reply.setString("outcome", outcome);
        reply.setInt("ticket", ticket);
        Destination replyTo = request.getJMSReplyTo();
        if (replyTo == null) {
            return;
        }
        try {
            replies.send(replyTo, reply);
        } catch (InvalidDestinationException e) {
            // The buyer's front end is gone (its temporary queue with it): nobody to answer.
        }
    }
}
