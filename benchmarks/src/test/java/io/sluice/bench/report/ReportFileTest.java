package io.sluice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReportFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesOnlyItsOwnSectionAndKeepsTheRest() throws Exception {
        Path file = dir.resolve("performance.md");
        Files.writeString(file, "# Sluice performance\n\n## Log append\n\nlog figures\n");
        ReportFile.write(file, "## Side by side\n\nfirst run\n");
        ReportFile.write(file, "## Side by side\n\nsecond run\n");
        Files.writeString(file, Files.readString(file) + "\n## Later section\n\nkept\n");
        ReportFile.write(file, "## Side by side\n\nthird run\n");
        String text = Files.readString(file);
        assertThat(text).startsWith("# Sluice performance\n\n## Log append\n\nlog figures\n\n" + ReportFile.BEGIN);
        assertThat(text).contains("third run").doesNotContain("first run").doesNotContain("second run");
        assertThat(text).endsWith(ReportFile.END + "\n\n## Later section\n\nkept\n");
    }

    @Test
    void createsAMissingFileWithATitle() throws Exception {
        Path file = dir.resolve("new.md");
        ReportFile.write(file, "## Side by side\n");
        assertThat(Files.readString(file))
                .isEqualTo(
                        "# Sluice performance\n\n" + ReportFile.BEGIN + "\n## Side by side\n" + ReportFile.END + "\n");
    }

    @Test
    void refusesAFileWithOnlyOneMarker() throws Exception {
        Path file = dir.resolve("broken.md");
        Files.writeString(file, "# x\n" + ReportFile.BEGIN + "\nhalf\n");
        assertThatThrownBy(() -> ReportFile.write(file, "## y\n"))
                .hasMessageContaining("only one of the benchmark-runner markers");
    }
}
