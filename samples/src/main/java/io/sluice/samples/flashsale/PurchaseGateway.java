package io.sluice.samples.flashsale;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The web front end of the sale: turns every purchase attempt into a request on the purchase queue
 * (JMSCorrelationID = the buyer, JMSReplyTo = the front end's temporary queue) and hands each
 * buyer the answer a desk sends back. Requests are sent asynchronously by a pool of front-end
 * threads (each with its own session), so all attempts are in flight at once, as in a real rush.
 *
 * <p>Thread-safe: each sending thread has its own session; answers arrive on the reply session's
 * thread and go into concurrent maps.
 */
final class PurchaseGateway implements AutoCloseable {
    static final String SALE_ID_PROPERTY = "saleId";
    static final String OUTCOME_NOT_ACCEPTED = "NOT_ACCEPTED";

    private final Connection connection;
    private final Queue purchases;
    private final TemporaryQueue replyQueue;
    private final String saleId;
    private final BacklogGauge backlog;
    private final PrintStream out;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> answersPerBuyer = new ConcurrentHashMap<>();

    PurchaseGateway(ConnectionFactory factory, Queue purchases, String saleId, BacklogGauge backlog, PrintStream out)
            throws JMSException {
        this.purchases = purchases;
        this.saleId = saleId;
        this.backlog = backlog;
        this.out = out;
        connection = factory.createConnection();
        try {
            Session replySession = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            replyQueue = replySession.createTemporaryQueue();
            MessageConsumer consumer = replySession.createConsumer(replyQueue);
            consumer.setMessageListener(this::onAnswer);
            connection.start();
        } catch (JMSException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Sends one purchase request per buyer from {@code threads} threads that start together, and
     * returns once every request has been handed to the connection (not answered).
     */
    void submitAll(List<String> buyerIds, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch startGate = new CountDownLatch(1);
        try {
            List<Future<Void>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> share = new ArrayList<>();
                for (int i = t; i < buyerIds.size(); i += threads) {
                    share.add(buyerIds.get(i));
                }
                senders.add(pool.submit(() -> {
                    startGate.await();
                    send(share);
                    return null;
                }));
            }
            startGate.countDown();
            for (Future<Void> f : senders) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void send(List<String> buyerIds) throws JMSException {
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(purchases);
        // A purchase request must not be lost once the buyer was told "you are in the queue".
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (String buyerId : buyerIds) {
            MapMessage request = session.createMapMessage();
            request.setStringProperty(SALE_ID_PROPERTY, saleId);
            request.setString("buyerId", buyerId);
            request.setJMSCorrelationID(buyerId);
            request.setJMSReplyTo(replyQueue);
            backlog.onSent();
            producer.send(request, new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    // Stored by the broker (PERSISTENT: on disk); the answer comes from a desk.
                }

                @Override
                public void onException(Message message, Exception exception) {
                    out.println("[front end] request of " + buyerId + " not accepted: " + exception);
                    backlog.onTaken();
                    record(new Answer(buyerId, OUTCOME_NOT_ACCEPTED, 0));
                }
            });
        }
        // The session stays open until the connection closes: closing it would wait for the
        // completions, which the CompletionListeners report anyway.
    }

    private void onAnswer(Message message) {
        try {
            MapMessage m = (MapMessage) message;
            record(new Answer(message.getJMSCorrelationID(), m.getString("outcome"), m.getInt("ticket")));
        } catch (JMSException | ClassCastException e) {
            out.println("[front end] unreadable answer " + message + ": " + e);
        }
    }

    private void record(Answer answer) {
        answers.put(answer.buyerId(), answer);
        answersPerBuyer.merge(answer.buyerId(), 1, Integer::sum);
    }

    int answered() {
        return answers.size();
    }

    Map<String, Answer> answers() {
        return Map.copyOf(answers);
    }

    Map<String, Integer> answersPerBuyer() {
        return Map.copyOf(answersPerBuyer);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
