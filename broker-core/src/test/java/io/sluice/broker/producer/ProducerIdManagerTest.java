package io.sluice.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.broker.meta.MetadataStore;
import io.sluice.broker.meta.ProducerIdStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProducerIdManagerTest {
    @TempDir
    Path dir;

    private MetadataStore open() {
        return MetadataStore.open(dir, 2, Clock.systemUTC());
    }

    @Test
    void idsAreUniqueAcrossRestarts() {
        Set<Long> ids = new HashSet<>();
        for (int run = 0; run < 3; run++) {
            try (MetadataStore store = open()) {
                ProducerIdManager manager = new ProducerIdManager(new ProducerIdStore(store), 4);
                for (int i = 0; i < 5; i++) {
                    ProducerIdentity id = manager.initProducerId(null);
                    assertThat(id.epoch()).isZero();
                    assertThat(ids.add(id.producerId()))
                            .as("id %s issued twice", id)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void namedProducerGetsItsIdWithAHigherEpochAndFencesTheOld() {
        ProducerIdentity first;
        ProducerIdentity second;
        try (MetadataStore store = open()) {
            ProducerIdManager manager = new ProducerIdManager(new ProducerIdStore(store), 10);
            first = manager.initProducerId("billing");
            second = manager.initProducerId("billing");
            assertThat(second.producerId()).isEqualTo(first.producerId());
            assertThat(second.epoch()).isEqualTo((short) (first.epoch() + 1));
        }
        try (MetadataStore store = open()) {
            ProducerIdManager manager = new ProducerIdManager(new ProducerIdStore(store), 10);
            manager.checkIdentity(second.producerId(), second.epoch());
            assertThatThrownBy(() -> manager.checkIdentity(first.producerId(), first.epoch()))
                    .isInstanceOf(ProducerFencedException.class);
            assertThatThrownBy(() -> manager.checkIdentity(second.producerId(), (short) (second.epoch() + 1)))
                    .isInstanceOf(UnknownProducerIdException.class)
                    .hasMessageContaining("never issued");
            assertThat(manager.initProducerId("billing").epoch()).isEqualTo((short) 2);
        }
    }

    @Test
    void idsNeverIssuedAreUnknown() {
        try (MetadataStore store = open()) {
            ProducerIdManager manager = new ProducerIdManager(new ProducerIdStore(store), 10);
            ProducerIdentity id = manager.initProducerId(null);
            manager.checkIdentity(id.producerId(), (short) 0);
            assertThatThrownBy(() -> manager.checkIdentity(1_000_000L, (short) 0))
                    .isInstanceOf(UnknownProducerIdException.class)
                    .hasMessageContaining("not issued by this broker");
            assertThatThrownBy(() -> manager.checkIdentity(id.producerId(), (short) 1))
                    .isInstanceOf(UnknownProducerIdException.class);
        }
    }
}
