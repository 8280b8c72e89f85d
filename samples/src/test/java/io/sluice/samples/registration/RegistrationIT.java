package io.sluice.samples.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.samples.support.TestBroker;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every registration yields exactly one coupon and one SMS, also those made while SMS was down. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegistrationIT {
    @TempDir
    static Path dir;

    static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start(dir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eachRegistrationGetsOneCouponAndOneSmsAndTheSmsServiceCatchesUp() throws Exception {
        RegistrationResult first = runOnce();
        // A second run finds the durable subscriptions of the first: still one of each per user.
        RegistrationResult second = runOnce();

        assertThat(second.userIds()).doesNotContainAnyElementsOf(first.userIds());
    }

    private static RegistrationResult runOnce() throws Exception {
        Context jndi = broker.jndi();
        RegistrationResult r;
        try {
            r = RegistrationApp.run(jndi, System.out);
        } finally {
            jndi.close();
        }
        assertThat(r.userIds()).hasSize(6).doesNotHaveDuplicates();
        assertThat(r.usersRegisteredWhileSmsWasDown()).hasSize(3);
        assertThat(r.couponsPerUser().keySet()).containsExactlyInAnyOrderElementsOf(r.userIds());
        assertThat(r.couponsPerUser().values()).allMatch(n -> n == 1);
        assertThat(r.smsPerUser().keySet()).containsExactlyInAnyOrderElementsOf(r.userIds());
        assertThat(r.smsPerUser().values()).allMatch(n -> n == 1);
        return r;
    }
}
