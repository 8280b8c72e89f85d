package io.sluice.jms.message;

import io.sluice.jms.destination.SluiceDestination;
import java.util.Objects;

/**
 * What the consumer knows about one delivery of a record, which the record itself does not hold.
 *
 * <p>Immutable and thread-safe.
 *
 * @param destination the destination the consumer reads (becomes JMSDestination)
 * @param partition the partition the record came from (part of the id of a record without JMS
 *     metadata)
 * @param deliveryCount how many times the record has been delivered, this time included (becomes
 *     JMSXDeliveryCount); 1 on the first delivery
 * @param redelivered whether the record may have been delivered before (becomes JMSRedelivered)
 */
public record DeliveryInfo(SluiceDestination destination, int partition, int deliveryCount, boolean redelivered) {
    public DeliveryInfo {
        Objects.requireNonNull(destination, "destination");
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("delivery count " + deliveryCount + " is below 1");
        }
        if (redelivered && deliveryCount < 2) {
            throw new IllegalArgumentException(
                    "a redelivered message has a delivery count of at least 2, not " + deliveryCount);
        }
    }

    /** A delivery whose JMSRedelivered follows from the count. */
    public static DeliveryInfo of(SluiceDestination destination, int partition, int deliveryCount) {
        return new DeliveryInfo(destination, partition, deliveryCount, deliveryCount > 1);
    }
}
