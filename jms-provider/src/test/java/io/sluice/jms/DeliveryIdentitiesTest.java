package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.jms.destination.SluiceQueue;
import io.sluice.jms.destination.SluiceTopic;
import io.sluice.protocol.api.SubscriptionType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeliveryIdentitiesTest {
    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final MovableClock clock = new MovableClock();
    private final DeliveryIdentities identities = new DeliveryIdentities(clock);

    private static DeliveryIds ids(long... values) {
        DeliveryIds ids = new DeliveryIds();
        for (long v : values) {
            ids.add(v);
        }
        return ids;
    }

    @Test
    void anAcceptedButUnconfirmedMessageIsRecognisedOnceByItsIdentity() {
        var a = new DeliveryIdentities.Identity("queue:orders", 0, 41);
        var b = new DeliveryIdentities.Identity("queue:orders", 0, 42);
        identities.delivered(Delivery.tag(0, 1), a);
        identities.delivered(Delivery.tag(0, 2), b);

        List<DeliveryIdentities.Identity> settled = identities.settled(ids(Delivery.tag(0, 1), Delivery.tag(0, 7)));
        assertThat(settled).containsExactly(a);
        assertThat(identities.heldCount()).isEqualTo(1);

        identities.acknowledgedUnconfirmed(settled);
        assertThat(identities.takeAcknowledged(new DeliveryIdentities.Identity("queue:orders", 0, 41)))
                .isTrue();
        assertThat(identities.takeAcknowledged(a))
                .as("forgotten once its copy came")
                .isFalse();
        assertThat(identities.takeAcknowledged(b)).as("never acknowledged").isFalse();
    }

    @Test
    void rememberedAcknowledgementsExpire() {
        var a = new DeliveryIdentities.Identity("durable:audit", 2, 7);
        identities.acknowledgedUnconfirmed(List.of(a));
        clock.millis += DeliveryIdentities.REMEMBER_MS + 1;
        assertThat(identities.takeAcknowledged(a)).isFalse();
    }

    @Test
    void subscriptionKeysSurviveAReconnectExceptForNonDurableSubscribers() {
        ConsumerSpec queue = new ConsumerSpec(new SluiceQueue("orders"), SubscriptionType.QUEUE, null, null, false);
        ConsumerSpec durable =
                new ConsumerSpec(new SluiceTopic("prices"), SubscriptionType.DURABLE, "audit", null, false);
        ConsumerSpec plain =
                new ConsumerSpec(new SluiceTopic("prices"), SubscriptionType.NON_DURABLE, null, null, false);
        assertThat(DeliveryIdentities.subscriptionKey(queue, 3, 0))
                .isEqualTo(DeliveryIdentities.subscriptionKey(queue, 9, 1));
        assertThat(DeliveryIdentities.subscriptionKey(durable, 3, 0))
                .isEqualTo(DeliveryIdentities.subscriptionKey(durable, 3, 5));
        assertThat(DeliveryIdentities.subscriptionKey(plain, 3, 0))
                .isNotEqualTo(DeliveryIdentities.subscriptionKey(plain, 3, 1));
    }

    @Test
    void taggedDeliveryIdsKeepTheEpochAndTheBrokersId() {
        long id = Delivery.tag(5, 123_456);
        assertThat(Delivery.epochOf(id)).isEqualTo(5);
        assertThat(Delivery.brokerIdOf(id)).isEqualTo(123_456);
        assertThat(Delivery.tag(0, 77)).isEqualTo(77);
    }
}
