package io.sluice.samples.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.samples.support.SampleRunner;
import io.sluice.samples.support.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each validation request is answered (matched by correlation id) or times out when nobody answers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrderValidationIT {
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
    void eachRequestIsAnsweredOrTimesOutWhileTheServiceIsDown() throws Exception {
        Context jndi = broker.jndi();
        ValidationRunResult r;
        try {
            r = OrderValidationApp.run(jndi, System.out);
        } finally {
            jndi.close();
        }

        List<ValidationCall> calls = r.answeredCalls();
        assertThat(calls).extracting(ValidationCall::result).doesNotContainNull();
        assertThat(calls.get(0).result()).isEqualTo(new ValidationResult(true, "ok"));
        assertThat(calls.get(1).result().valid()).isFalse();
        assertThat(calls.get(1).result().reason()).contains("quantity 50");
        assertThat(calls.get(2).result().valid()).isFalse();
        assertThat(calls.get(2).result().reason()).contains("unknown product 'piano'");
        assertThat(calls.get(3).result()).isEqualTo(new ValidationResult(true, "ok"));

        assertThat(r.timedOutCall().timedOut()).isTrue();
        assertThat(r.timedOutCall().elapsedMs()).isGreaterThanOrEqualTo(OrderValidationApp.TIMEOUT.toMillis());
        assertThat(r.callAfterRestart().result()).isEqualTo(new ValidationResult(true, "ok"));

        List<String> expectedAnswered = new java.util.ArrayList<>(
                calls.stream().map(ValidationCall::correlationId).toList());
        expectedAnswered.add(r.callAfterRestart().correlationId());
        assertThat(r.correlationIdsAnsweredByService())
                .as("each request answered once; the timed-out one expired unanswered")
                .containsExactlyInAnyOrderElementsOf(expectedAnswered);
    }

    @Test
    void withoutABrokerUrlTheSampleStartsAnEmbeddedBroker() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            SampleRunner.run(OrderValidationApp::run, null, out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(printed)
                .contains("started an embedded broker at sluice://127.0.0.1:")
                .contains("Done: 5 calls answered, 1 timed out");
    }
}
