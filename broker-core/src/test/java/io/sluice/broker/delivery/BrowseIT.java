package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.BrowseResponse;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.message.DestinationKind;
import io.sluice.protocol.record.Record;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** BROWSE: what is available, in order, with selector and paging, ending. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrowseIT {
    @TempDir
    Path dir;

    private SluiceBroker broker;

    @BeforeEach
    void start() {
        broker = SluiceBroker.start(BrokerConfig.forTesting(dir).build());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** Browses the whole queue page by page; returns the texts and the number of pages. */
    private static List<String> browseAll(DeliveryClient c, String queue, String selector, int pageSize, int[] pages)
            throws Exception {
        List<String> texts = new ArrayList<>();
        List<BrowseRequest.Position> positions = null;
        for (int page = 1; page < 100; page++) {
            BrowseResponse r = c.frames()
                    .call(ApiKey.BROWSE, new BrowseRequest(queue, selector, positions, pageSize), BrowseResponse::read);
            assertThat(r.messages().size()).isLessThanOrEqualTo(pageSize);
            for (BrowseResponse.BrowsedMessage m : r.messages()) {
                Record record = Record.readFrom(m.record().duplicate(), m.batchBaseOffset(), m.batchFirstTimestamp());
                ByteBuf value = record.value();
                texts.add(value.toString(StandardCharsets.UTF_8));
            }
            positions = r.positions();
            if (r.end()) {
                pages[0] = page;
                return texts;
            }
        }
        throw new AssertionError("the browse never ended");
    }

    @Test
    void browseShowsAvailableMessagesInOrderPageByPage() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("stock", DestinationKind.QUEUE);
            c.send(
                    "stock",
                    0,
                    IntStream.range(0, 10)
                            .mapToObj(i -> JmsRecords.text("s" + i).property("n", i))
                            .toList());
            c.send(
                    "stock",
                    0,
                    List.of(
                            JmsRecords.text("expired").expiration(System.currentTimeMillis() - 1000),
                            JmsRecords.text("delayed").deliveryTime(System.currentTimeMillis() + 60_000),
                            JmsRecords.text("s10").property("n", 10)));
            c.createConsumer(DeliveryClient.queueConsumer(1, "stock", 3));
            List<Received> got = c.receive(3, 5_000);
            c.ackAndWait(AckType.ACCEPT, got.subList(0, 1)); // s0 acknowledged, s1 and s2 acquired
            int[] pages = new int[1];
            List<String> all = browseAll(c, "stock", null, 4, pages);
            assertThat(all).containsExactly("s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10");
            assertThat(pages[0]).isGreaterThanOrEqualTo(2);
            assertThat(browseAll(c, "stock", "n >= 8 OR n = 3", 2, pages)).containsExactly("s3", "s8", "s9", "s10");
            c.ack(AckType.RELEASE_UNDELIVERED, got.subList(1, 3));
            assertThat(browseAll(c, "stock", "n < 3", 10, pages)).containsExactly("s1", "s2");
        }
    }

    @Test
    void browsingAnEmptyQueueEndsAtOnceAndTopicsCannotBeBrowsed() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("empty", DestinationKind.QUEUE);
            int[] pages = new int[1];
            assertThat(browseAll(c, "empty", null, 10, pages)).isEmpty();
            assertThat(pages[0]).isEqualTo(1);
            c.resolve("a.topic", DestinationKind.TOPIC);
            FrameClient.Response topic =
                    c.frames().request(ApiKey.BROWSE, new BrowseRequest("a.topic", null, null, 10));
            assertThat(topic.error()).isEqualTo(ErrorCode.DESTINATION_TYPE_MISMATCH);
            FrameClient.Response missing = c.frames().request(ApiKey.BROWSE, new BrowseRequest("nope", null, null, 10));
            assertThat(missing.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            FrameClient.Response badSelector =
                    c.frames().request(ApiKey.BROWSE, new BrowseRequest("empty", "a <", null, 10));
            assertThat(badSelector.error()).isEqualTo(ErrorCode.INVALID_SELECTOR);
        }
    }
}
