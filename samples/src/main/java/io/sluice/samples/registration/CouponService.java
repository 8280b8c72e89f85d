package io.sluice.samples.registration;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Topic;
import java.io.PrintStream;

/**
 * Credits a welcome red packet (a coupon) to every new user.
 *
 * <p>Thread-safe (see {@link UserRegisteredSubscriber}).
 */
final class CouponService extends UserRegisteredSubscriber {
    static final String CLIENT_ID = "samples-coupon-service";
    static final String SUBSCRIPTION = "welcome-red-packets";

    private final PrintStream out;

    CouponService(ConnectionFactory factory, Topic events, PrintStream out) {
        super(factory, events, CLIENT_ID, SUBSCRIPTION);
        this.out = out;
    }

    @Override
    void handle(UserRegistered event) {
        out.printf("    [coupon] welcome red packet of 8.88 credited to %s (%s)%n", event.name(), event.userId());
    }
}
