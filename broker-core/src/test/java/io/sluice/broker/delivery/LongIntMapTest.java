package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LongIntMapTest {

    @Test
    void behavesLikeAHashMap() {
        Random random = new Random(7);
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> model = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            long key = random.nextInt(2_000);
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    int value = random.nextInt(100);
                    map.put(key, value);
                    model.put(key, value);
                }
                case 2 -> assertThat(map.remove(key)).isEqualTo(model.remove(key) != null);
                case 3 -> {
                    long end = key + random.nextInt(i % 7 == 0 ? 3_000 : 20);
                    map.removeRange(key, end);
                    model.keySet().removeIf(k -> k >= key && k < end);
                }
                default -> assertThat(map.get(key, -1)).isEqualTo(model.getOrDefault(key, -1));
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        for (long k = 0; k < 2_000; k++) {
            assertThat(map.get(k, -1)).isEqualTo(model.getOrDefault(k, -1));
            assertThat(map.containsKey(k)).isEqualTo(model.containsKey(k));
        }
        Map<Long, Integer> visited = new HashMap<>();
        map.forEach(visited::put);
        assertThat(visited).isEqualTo(model);
        assertThat(map.sortedKeys()).isSorted().hasSize(model.size());
        assertThat(map.copy()).isEqualTo(map);
    }

    @Test
    void refusesNegativeKeys() {
        assertThatThrownBy(() -> new LongIntMap().put(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LongIntMap().get(-1, 9)).isEqualTo(9);
    }
}
