package io.sluice.jms;

import io.sluice.protocol.api.AckType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at every message pushed to a consumer of a reconnecting connection before the consumer gets
 * it: records its identity (subscription, partition, offset) under its delivery id, and takes out a
 * redelivered copy of a message the application acknowledged already but whose acknowledgement may
 * not have reached the broker ({@link DeliveryIdentities}) - that copy is accepted on the spot and
 * never handed to the application.
 *
 * <p>Thread-safe: stateless apart from the thread-safe identities; runs on the network thread and
 * never blocks.
 */
final class AcknowledgedCopies implements DeliveryRouter.Screen {
    private static final Logger log = LoggerFactory.getLogger(AcknowledgedCopies.class);

    private final SluiceConnection connection;
    private final DeliveryIdentities identities;

    AcknowledgedCopies(SluiceConnection connection, DeliveryIdentities identities) {
        this.connection = connection;
        this.identities = identities;
    }

    @Override
    public List<Delivery> screen(SluiceMessageConsumer consumer, List<Delivery> deliveries) {
        ConsumerSpec spec = consumer.spec();
        List<Delivery> kept = deliveries;
        DeliveryIds accepted = null;
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery d = deliveries.get(i);
            long offset = d.offset();
            if (offset < 0) {
                continue;
            }
            DeliveryIdentities.Identity identity = new DeliveryIdentities.Identity(
                    DeliveryIdentities.subscriptionKey(spec, consumer.id(), Delivery.epochOf(d.deliveryId())),
                    d.partition(),
                    offset);
            identities.delivered(d.deliveryId(), identity);
            if (d.deliveryCount() > 1 && identities.takeAcknowledged(identity)) {
                if (accepted == null) {
                    accepted = new DeliveryIds();
                    kept = new ArrayList<>(deliveries.subList(0, i));
                }
                accepted.add(d.deliveryId());
            } else if (accepted != null) {
                kept.add(d);
            }
        }
        if (accepted != null) {
            log.debug("accepting {} redelivered messages the application had acknowledged", accepted.size());
            connection.channel().settleOneWay(AckType.ACCEPT, accepted);
            consumer.onScreenedOut(accepted.size());
        }
        return kept;
    }
}
