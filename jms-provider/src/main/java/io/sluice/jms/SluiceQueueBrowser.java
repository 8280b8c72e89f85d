package io.sluice.jms;

import io.netty.buffer.ByteBuf;
import io.sluice.jms.destination.SluiceDestination;
import io.sluice.jms.message.DeliveryInfo;
import io.sluice.jms.message.SluiceMessage;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.BrowseResponse;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Record;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.ArrayDeque;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A QueueBrowser: each {@link #getEnumeration()} reads the queue from its start, page by page with
 * BROWSE, showing the messages a consumer could take now (not acquired, not expired, due) that the
 * selector matches, in partition and offset order. Browsing acquires nothing. An enumeration asks
 * for the next page only when its current one is used up, and ends when the broker says every
 * partition was read to its end (or a page brought no progress), so it never waits for new
 * messages.
 *
 * <p>Thread-safe where JMS requires it ({@code close}); enumerations belong to one thread.
 */
public final class SluiceQueueBrowser implements QueueBrowser {
    private static final Logger log = LoggerFactory.getLogger(SluiceQueueBrowser.class);
    private static final int PAGE_MESSAGES = 256;

    private final SluiceSession session;
    private final SluiceDestination queue;
    private final String selector;
    /** Volatile: close may come from another thread. */
    private volatile boolean closed;

    SluiceQueueBrowser(SluiceSession session, SluiceDestination queue, String selector) {
        this.session = session;
        this.queue = queue;
        this.selector = selector;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkUsable();
        return (Queue) queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkUsable();
        return selector;
    }

    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        checkUsable();
        session.connection().destinations().partitions(queue);
        Pages pages = new Pages();
        pages.fetch();
        return pages;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.browserClosed(this);
        }
    }

    void closedWithSession() {
        closed = true;
    }

    private void checkUsable() throws JMSException {
        if (closed) {
            throw JmsExceptions.illegalState("the browser is closed");
        }
        session.checkUsable();
    }

    /** One pass over the queue. */
    private final class Pages implements Enumeration<Message> {
        private final ArrayDeque<Message> page = new ArrayDeque<>();
        private List<BrowseRequest.Position> positions;
        private boolean end;

        void fetch() throws JMSException {
            BrowseResponse answer = session.connection()
                    .channel()
                    .call(
                            "browsing " + queue,
                            ApiKey.BROWSE,
                            new BrowseRequest(queue.name(), selector, positions, PAGE_MESSAGES),
                            this::readCopy);
            boolean progress =
                    !answer.messages().isEmpty() || !answer.positions().equals(positions);
            positions = answer.positions();
            end = answer.end() || !progress;
        }

        /** Decodes the page while the frame is valid. */
        private BrowseResponse readCopy(ByteBuf body) {
            BrowseResponse answer = BrowseResponse.read(body);
            for (BrowseResponse.BrowsedMessage m : answer.messages()) {
                try {
                    Record record =
                            Record.readFrom(m.record().duplicate(), m.batchBaseOffset(), m.batchFirstTimestamp());
                    int soFar = Math.max(0, m.deliveryCount());
                    SluiceMessage message = session.connection()
                            .codec()
                            .decode(record, new DeliveryInfo(queue, m.partition(), soFar + 1, soFar > 0));
                    page.add(message);
                } catch (JMSException | InvalidRecordException e) {
                    log.warn("skipping a malformed message while browsing {}: {}", queue, e.getMessage());
                }
            }
            return answer;
        }

        @Override
        public boolean hasMoreElements() {
            while (page.isEmpty() && !end && !closed && !session.isClosed()) {
                try {
                    fetch();
                } catch (JMSException e) {
                    throw JmsExceptions.toRuntime(e);
                }
            }
            return !page.isEmpty();
        }

        @Override
        public Message nextElement() {
            if (!hasMoreElements()) {
                throw new NoSuchElementException("the browser has shown every message of " + queue);
            }
            return page.poll();
        }
    }
}
