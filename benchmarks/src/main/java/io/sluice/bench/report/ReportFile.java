package io.sluice.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts the runner's section into a Markdown file that other benchmarks write to as well ({@code
 * docs/performance.md}): the section lives between two marker comments and only that part is
 * replaced; everything outside the markers is kept. A file without the markers gets the section
 * appended; a missing file is created with a title.
 *
 * <pre>
 * ...other sections, kept...
 * &lt;!-- BEGIN benchmark-runner ... --&gt;
 * ## Side by side with Artemis and Kafka      (replaced on every run)
 * &lt;!-- END benchmark-runner --&gt;
 * ...other sections, kept...
 * </pre>
 *
 * <p>Thread-safe: stateless; concurrent writers to one file are not coordinated.
 */
public final class ReportFile {
    public static final String BEGIN =
            "<!-- BEGIN benchmark-runner: written by benchmarks/run.sh, edits inside are overwritten -->";
    public static final String END = "<!-- END benchmark-runner -->";

    private ReportFile() {}

    /** Writes {@code section} into {@code file} as described in the class comment. */
    public static void write(Path file, String section) throws IOException {
        String block = BEGIN + "\n" + section.stripTrailing() + "\n" + END + "\n";
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        Files.writeString(file, merge(existing, block), StandardCharsets.UTF_8);
    }

    static String merge(String existing, String block) {
        if (existing == null || existing.isBlank()) {
            return "# Sluice performance\n\n" + block;
        }
        int begin = existing.indexOf(BEGIN);
        int end = existing.indexOf(END);
        if (begin >= 0 && end > begin) {
            return existing.substring(0, begin)
                    + block
                    + existing.substring(end + END.length()).replaceFirst("^\n", "");
        }
        if (begin >= 0 || end >= 0) {
            throw new IllegalStateException("only one of the benchmark-runner markers is in the file; fix it by hand");
        }
        return existing.stripTrailing() + "\n\n" + block;
    }
}
