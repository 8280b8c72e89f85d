package io.sluice.jms;

import io.sluice.jms.destination.SluiceDestination;
import io.sluice.protocol.api.SubscriptionType;

/**
 * What a consumer reads: its destination, the kind of subscription and, for named subscriptions,
 * the name; the selector as the application gave it (null for none) and noLocal.
 *
 * <p>Immutable; thread-safe.
 */
record ConsumerSpec(
        SluiceDestination destination,
        SubscriptionType type,
        String subscriptionName,
        String selector,
        boolean noLocal) {

    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                switch (type) {
                    case QUEUE -> "a consumer";
                    case NON_DURABLE -> "a subscriber";
                    case DURABLE -> "a durable subscriber";
                    case SHARED -> "a shared subscriber";
                    case SHARED_DURABLE -> "a shared durable subscriber";
                });
        sb.append(" on ").append(destination);
        if (subscriptionName != null) {
            sb.append(" (subscription '").append(subscriptionName).append("')");
        }
        return sb.toString();
    }
}
