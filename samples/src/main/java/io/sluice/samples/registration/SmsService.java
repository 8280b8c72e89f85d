package io.sluice.samples.registration;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Topic;
import java.io.PrintStream;

/**
 * Sends a welcome SMS to every new user. Slower than the coupon service (it waits for an SMS
 * gateway), which holds back neither the registration nor the coupons.
 *
 * <p>Thread-safe (see {@link UserRegisteredSubscriber}).
 */
final class SmsService extends UserRegisteredSubscriber {
    static final String CLIENT_ID = "samples-sms-service";
    static final String SUBSCRIPTION = "welcome-sms";
    private static final long GATEWAY_MS = 50;

    private final PrintStream out;

    SmsService(ConnectionFactory factory, Topic events, PrintStream out) {
        super(factory, events, CLIENT_ID, SUBSCRIPTION);
        this.out = out;
    }

    @Override
    void handle(UserRegistered event) {
        try {
            Thread.sleep(GATEWAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending an SMS to " + event.userId(), e);
        }
        out.printf("    [sms] \"Welcome, %s!\" sent to %s (%s)%n", event.name(), event.phone(), event.userId());
    }
}
