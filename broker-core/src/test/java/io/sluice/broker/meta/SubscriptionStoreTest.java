package io.sluice.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SubscriptionStoreTest {
    @TempDir
    Path dir;

    private MetadataStore open() {
        return MetadataStore.open(dir.resolve("meta"), 2, Clock.systemUTC());
    }

    private static SubscriptionRecord durable(long id, String key) {
        return new SubscriptionRecord(id, key, "DURABLE", "news", "client", "name" + id, "a = 1", true, 99L);
    }

    @Test
    void subscriptionsAndSnapshotsSurviveReopening() {
        try (MetadataStore meta = open()) {
            SubscriptionStore store = new SubscriptionStore(meta, Clock.systemUTC());
            assertThat(store.maxId()).isZero();
            assertThat(store.insert(durable(1, "D:a"), new SubscriptionStore.Snapshot(1, 5, new byte[] {1}), -1))
                    .isTrue();
            assertThat(store.insert(durable(2, "D:a"), new SubscriptionStore.Snapshot(2, 5, new byte[] {2}), -1))
                    .as("keys are unique")
                    .isFalse();
            SubscriptionRecord queue =
                    new SubscriptionRecord(3, "Q:orders", "QUEUE", "orders", null, null, null, false, 1L);
            assertThat(store.insert(queue, new SubscriptionStore.Snapshot(3, 0, new byte[] {3}), -1))
                    .isTrue();
            store.saveSnapshots(List.of(
                    new SubscriptionStore.Snapshot(1, 42, new byte[] {9, 9}),
                    new SubscriptionStore.Snapshot(77, 1, new byte[] {7})));
        }
        try (MetadataStore meta = open()) {
            SubscriptionStore store = new SubscriptionStore(meta, Clock.systemUTC());
            List<SubscriptionStore.Stored> all = store.loadAll();
            assertThat(all)
                    .extracting(SubscriptionStore.Stored::subscription)
                    .containsExactly(
                            durable(1, "D:a"),
                            new SubscriptionRecord(3, "Q:orders", "QUEUE", "orders", null, null, null, false, 1L));
            assertThat(all.get(0).snapshot().validToOffset()).isEqualTo(42);
            assertThat(all.get(0).snapshot().state()).containsExactly(9, 9);
            assertThat(store.maxId()).isEqualTo(3);
            store.delete(1);
            assertThat(store.loadAll()).hasSize(1);
            assertThat(store.insert(durable(4, "D:a"), new SubscriptionStore.Snapshot(4, 0, new byte[0]), 3))
                    .as("inserted in place of the one it replaces")
                    .isTrue();
            assertThat(store.loadAll()).extracting(s -> s.subscription().id()).containsExactly(4L);
        }
    }
}
