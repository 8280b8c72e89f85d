package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IndexTest {
    @TempDir
    Path dir;

    @Test
    void offsetIndexFindsTheFloorEntryByOffsetAndByPosition() throws Exception {
        Path path = dir.resolve("1000.index");
        try (OffsetIndex index = new OffsetIndex(path, FileOpener.DEFAULT, 1000)) {
            assertThat(index.lookup(1234)).isEqualTo(new OffsetIndex.Entry(1000, 0));
            for (int i = 1; i <= 100; i++) {
                index.append(1000 + i * 10L, i * 500);
            }
            assertThat(index.lookup(1000)).isEqualTo(new OffsetIndex.Entry(1000, 0));
            assertThat(index.lookup(1009)).isEqualTo(new OffsetIndex.Entry(1000, 0));
            assertThat(index.lookup(1010)).isEqualTo(new OffsetIndex.Entry(1010, 500));
            assertThat(index.lookup(1555)).isEqualTo(new OffsetIndex.Entry(1550, 27_500));
            assertThat(index.lookup(99_999)).isEqualTo(new OffsetIndex.Entry(2000, 50_000));
            assertThat(index.lookupByPosition(499)).isEqualTo(new OffsetIndex.Entry(1000, 0));
            assertThat(index.lookupByPosition(27_999)).isEqualTo(new OffsetIndex.Entry(1550, 27_500));
            assertThatThrownBy(() -> index.append(1500, 60_000)).isInstanceOf(IllegalStateException.class);
            assertThat(index.sanityProblem(50_001)).isNull();
            assertThat(index.sanityProblem(50_000)).contains("outside");
            index.truncateFromOffset(1555);
            assertThat(index.lookup(99_999)).isEqualTo(new OffsetIndex.Entry(1550, 27_500));
        }
        assertThat(Files.size(path)).isEqualTo(55 * 8);
        try (OffsetIndex reopened = new OffsetIndex(path, FileOpener.DEFAULT, 1000)) {
            assertThat(reopened.entryCount()).isEqualTo(55);
            assertThat(reopened.lookup(1321)).isEqualTo(new OffsetIndex.Entry(1320, 16_000));
        }
        Files.write(path, new byte[] {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3});
        try (OffsetIndex garbled = new OffsetIndex(path, FileOpener.DEFAULT, 1000)) {
            assertThat(garbled.sanityProblem(100)).contains("not strictly increasing");
        }
        Files.write(path, new byte[9]);
        try (OffsetIndex partial = new OffsetIndex(path, FileOpener.DEFAULT, 1000)) {
            assertThat(partial.sanityProblem(100)).contains("multiple of 8");
        }
    }

    @Test
    void timeIndexGivesTheScanStartForATimestamp() throws Exception {
        try (TimeIndex index = new TimeIndex(dir.resolve("0.timeindex"), FileOpener.DEFAULT, 0)) {
            assertThat(index.scanStartFor(5)).isZero();
            index.append(100, 10);
            index.append(150, 20);
            index.append(150, 25);
            index.append(300, 40);
            assertThat(index.scanStartFor(100)).as("nothing known below 100").isZero();
            assertThat(index.scanStartFor(101)).isEqualTo(10);
            assertThat(index.scanStartFor(150)).isEqualTo(10);
            assertThat(index.scanStartFor(151)).isEqualTo(25);
            assertThat(index.scanStartFor(10_000)).isEqualTo(40);
            assertThatThrownBy(() -> index.append(299, 50)).isInstanceOf(IllegalStateException.class);
            assertThat(index.sanityProblem(40)).isNull();
            assertThat(index.sanityProblem(39)).contains("outside");
            index.truncateAboveOffset(20);
            assertThat(index.lastEntry()).isEqualTo(new TimeIndex.Entry(150, 20));
        }
    }
}
