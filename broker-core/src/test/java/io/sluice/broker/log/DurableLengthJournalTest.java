package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DurableLengthJournalTest {
    @TempDir
    Path dir;

    @Test
    void recordsCreationAndTheSizeBeforeEachForce() throws Exception {
        Path journal = dir.resolve("journal.txt");
        FileOpener opener = DurableLengthJournal.opener(journal);
        Path segment = dir.resolve("00000000000000000000.log").toAbsolutePath();
        try (FileChannel channel =
                opener.open(segment, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(100), 0);
            channel.force(false);
            channel.write(ByteBuffer.allocate(50), 100);
            assertThat(channel.size()).isEqualTo(150);
        }
        try (FileChannel again = opener.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            again.truncate(40);
            again.force(true);
        }
        assertThat(Files.readAllLines(journal)).isEqualTo(List.of("0 " + segment, "100 " + segment, "40 " + segment));
    }

    @Test
    void isOffWithoutTheSystemProperty() {
        assertThat(System.getProperty(DurableLengthJournal.PROPERTY)).isNull();
        assertThat(DurableLengthJournal.opener()).isSameAs(FileOpener.DEFAULT);
    }
}
