package io.sluice.samples.registration;

import io.sluice.samples.support.Await;
import io.sluice.samples.support.RunId;
import io.sluice.samples.support.SampleRunner;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Topic;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.naming.Context;

/**
 * Sample 1, fan-out: a registration publishes one UserRegistered event to a topic and answers at
 * once; a coupon service and an SMS service each consume every event through their own durable
 * subscription. The SMS service is stopped for a while and catches up when it starts again.
 *
 * <p>Run: {@code mvn -q -B -pl samples -am compile exec:java -Dexec.mainClass=io.sluice.samples.registration.RegistrationApp [-Dexec.args=brokerUrl]}.
 *
 * <p>Not thread-safe: {@link #run} is called once per run.
 */
public final class RegistrationApp {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private RegistrationApp() {}

    public static void main(String[] args) throws Exception {
        SampleRunner.run(RegistrationApp::run, args.length > 0 ? args[0] : null, System.out);
    }

    public static RegistrationResult run(Context jndi, PrintStream out) throws Exception {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Topic events = (Topic) jndi.lookup("UserRegistered");
        String runId = RunId.next();
        List<String> all = new ArrayList<>();
        List<String> whileSmsDown = new ArrayList<>();

        out.println("== Registration with fan-out: topic " + events.getTopicName() + " ==");
        try (CouponService coupons = new CouponService(factory, events, out);
                SmsService sms = new SmsService(factory, events, out);
                RegistrationService registration = new RegistrationService(factory, events, runId, out)) {
            coupons.start();
            sms.start();
            out.println("Coupon and SMS services started, each with its own durable subscription.");

            out.println("\n-- 1. Three users register; each gets a coupon and an SMS --");
            List<String> first = registerAll(registration, List.of("alice", "bob", "carol"));
            all.addAll(first);
            Await.until(() -> coupons.handledOf(first) == 3 && sms.handledOf(first) == 3, WAIT, "all 3 were served");

            out.println("\n-- 2. The SMS service stops; three more users register --");
            sms.stop();
            out.println("SMS service stopped. Its durable subscription keeps collecting events.");
            whileSmsDown.addAll(registerAll(registration, List.of("dave", "erin", "frank")));
            all.addAll(whileSmsDown);
            Await.until(() -> coupons.handledOf(all) == all.size(), WAIT, "coupons were credited to all");
            out.printf(
                    "Coupons credited: %d of %d. SMS sent: %d of %d.%n",
                    coupons.handledOf(all), all.size(), sms.handledOf(all), all.size());

            out.println("\n-- 3. The SMS service starts again and catches up --");
            sms.start();
            Await.until(() -> sms.handledOf(all) == all.size(), WAIT, "the SMS service caught up");
            coupons.stop();
            sms.stop();

            Map<String, Integer> couponCounts = ofUsers(coupons.handledPerUser(), all);
            Map<String, Integer> smsCounts = ofUsers(sms.handledPerUser(), all);
            out.printf(
                    "%nDone: %d registrations, %d coupons, %d SMS; nothing lost while the SMS service was down.%n",
                    all.size(), total(couponCounts), total(smsCounts));
            return new RegistrationResult(List.copyOf(all), List.copyOf(whileSmsDown), couponCounts, smsCounts);
        }
    }

    private static List<String> registerAll(RegistrationService registration, List<String> names) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(registration
                    .register(name, "+86 138 0000 " + (1000 + Math.floorMod(name.hashCode(), 9000)))
                    .userId());
        }
        return ids;
    }

    private static Map<String, Integer> ofUsers(Map<String, Integer> counts, List<String> userIds) {
        return counts.entrySet().stream()
                .filter(e -> userIds.contains(e.getKey()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
