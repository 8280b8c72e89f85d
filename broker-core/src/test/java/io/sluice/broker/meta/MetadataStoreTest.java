package io.sluice.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetadataStoreTest {
    @TempDir
    Path dir;

    private MetadataStore open() {
        return MetadataStore.open(dir.resolve("meta"), 2, Clock.systemUTC());
    }

    @Test
    void topicsSurviveReopening() {
        try (MetadataStore store = open()) {
            TopicStore topics = new TopicStore(store);
            assertThat(topics.insert(new TopicRecord("orders", 3, Map.of("retention.ms", "1000"), 5L)))
                    .isTrue();
            assertThat(topics.insert(new TopicRecord("orders", 1, Map.of(), 6L)))
                    .isFalse();
            assertThat(topics.insert(new TopicRecord("audit", 1, Map.of(), 7L))).isTrue();
            assertThat(topics.updateConfig("audit", Map.of("type", "queue"))).isTrue();
            assertThat(topics.updateConfig("missing", Map.of())).isFalse();
        }
        try (MetadataStore store = open()) {
            TopicStore topics = new TopicStore(store);
            assertThat(topics.loadAll())
                    .containsExactly(
                            new TopicRecord("audit", 1, Map.of("type", "queue"), 7L),
                            new TopicRecord("orders", 3, Map.of("retention.ms", "1000"), 5L));
            assertThat(topics.delete("orders")).isTrue();
            assertThat(topics.delete("orders")).isFalse();
            assertThat(topics.loadAll()).extracting(TopicRecord::name).containsExactly("audit");
        }
    }

    @Test
    void producerIdBlocksNeverRepeat() {
        long first;
        try (MetadataStore store = open()) {
            ProducerIdStore ids = new ProducerIdStore(store);
            first = ids.reserveBlock(10);
            assertThat(ids.reserveBlock(10)).isEqualTo(first + 10);
        }
        try (MetadataStore store = open()) {
            ProducerIdStore ids = new ProducerIdStore(store);
            assertThat(ids.nextUnreserved()).isEqualTo(first + 20);
            assertThat(ids.reserveBlock(5)).isEqualTo(first + 20);
        }
    }

    @Test
    void usersAndSnapshotsRoundTrip() {
        try (MetadataStore store = open()) {
            UserStore users = new UserStore(store, Clock.systemUTC());
            users.upsert(new UserRecord("alice", new byte[] {1, 2}, new byte[] {3}, 1000, List.of("admin", "ops")));
            UserRecord alice = users.find("alice").orElseThrow();
            assertThat(alice.passwordHash()).containsExactly(1, 2);
            assertThat(alice.roles()).containsExactly("admin", "ops");
            assertThat(users.find("bob")).isEmpty();

            ProducerSnapshotStore snapshots = new ProducerSnapshotStore(store, Clock.systemUTC());
            snapshots.save("orders", 2, 77L, new byte[] {9, 8});
            ProducerSnapshotStore.Snapshot s = snapshots.load("orders", 2).orElseThrow();
            assertThat(s.validToOffset()).isEqualTo(77L);
            assertThat(s.state()).containsExactly(9, 8);
            snapshots.delete("orders", 2);
            assertThat(snapshots.load("orders", 2)).isEmpty();
        }
    }
}
