package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageIdGeneratorTest {

    @Test
    void idsStartWithIdPrefixAndCount() {
        MessageIdGenerator g = new MessageIdGenerator();
        String first = g.next();
        String second = g.next();
        assertThat(first).startsWith("ID:").startsWith(g.prefix()).endsWith(":1");
        assertThat(second).startsWith(g.prefix()).endsWith(":2");
        assertThat(g.prefix()).matches("ID:[0-9a-f]{32}:");
    }

    @Test
    void generatorsDoNotCollide() {
        MessageIdGenerator a = new MessageIdGenerator();
        MessageIdGenerator b = new MessageIdGenerator();
        assertThat(a.prefix()).isNotEqualTo(b.prefix());
        assertThat(a.next()).isNotEqualTo(b.next());
    }

    @Test
    void idsAreUniqueAcrossThreads() throws Exception {
        MessageIdGenerator g = new MessageIdGenerator();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = IntStream.range(0, 4)
                    .mapToObj(t -> pool.submit(() -> {
                        for (int i = 0; i < 10_000; i++) {
                            ids.add(g.next());
                        }
                    }))
                    .<Future<?>>map(f -> f)
                    .toList();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(40_000);
    }
}
