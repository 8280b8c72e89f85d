package io.sluice.bench.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@link BenchmarkMain}; see {@link #USAGE}.
 *
 * <p>Immutable; thread-safe.
 */
public record BenchmarkOptions(
        String suiteResource,
        Optional<Path> suiteFile,
        List<String> only,
        List<String> drivers,
        Optional<Path> docsDir,
        Optional<Path> output,
        Path dataDir,
        double durationScale,
        double backlogScale,
        long progressSeconds,
        boolean machineLimits,
        String note,
        List<String> userArgs,
        boolean help) {

    public static final String DEFAULT_NOTE = "Preliminary figures: measured on a 2-core machine shared with other"
            + " engineers' builds and tests. They show the tool works and roughly where the peers stand; they"
            + " will be re-measured on a quiet machine.";

    public static final String USAGE = """
            usage: BenchmarkMain [options]
              --standard              run the standard set, workloads/standard.json (the default)
              --smoke                 run the short smoke set, workloads/smoke.json
              --workloads FILE        run the suite in FILE (JSON, see docs/benchmarks.md)
              --only NAME,...         run only these workloads of the suite
              --drivers ID,...        run only these drivers (e.g. artemis-default,kafka)
              --docs-dir DIR          write DIR/performance.md and DIR/performance.svg
              --output FILE           write the Markdown report to FILE, the chart next to it as .svg
              --data-dir DIR          broker data and scratch files (default target/bench-data)
              --duration-scale F      multiply every warm-up and duration by F (e.g. 0.25)
              --backlog-scale F       multiply every backlog size by F (e.g. 0.01)
              --progress-seconds N    seconds between progress lines (default 10)
              --no-machine-limits     skip the loopback/fsync/sequential-write measurements
              --note TEXT             note printed at the top of the report ("" for none)
              --help                  print this text
            """;

    /** Parses {@code args}; unknown options and missing values are errors. */
    public static BenchmarkOptions parse(String[] args) {
        String resource = "standard.json";
        Optional<Path> file = Optional.empty();
        List<String> only = List.of();
        List<String> drivers = List.of();
        Optional<Path> docs = Optional.empty();
        Optional<Path> output = Optional.empty();
        Path data = Path.of("target", "bench-data");
        double durationScale = 1;
        double backlogScale = 1;
        long progressSeconds = 10;
        boolean limits = true;
        String note = DEFAULT_NOTE;
        boolean help = false;
        List<String> user = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--standard" -> resource = "standard.json";
                case "--smoke" -> resource = "smoke.json";
                case "--workloads" -> file = Optional.of(Path.of(value(args, ++i, a)));
                case "--only" -> only = list(value(args, ++i, a));
                case "--drivers" -> drivers = list(value(args, ++i, a));
                case "--docs-dir" -> docs = Optional.of(Path.of(value(args, ++i, a)));
                case "--output" -> output = Optional.of(Path.of(value(args, ++i, a)));
                case "--data-dir" -> data = Path.of(value(args, ++i, a));
                case "--duration-scale" -> durationScale = positive(value(args, ++i, a), a);
                case "--backlog-scale" -> backlogScale = positive(value(args, ++i, a), a);
                case "--progress-seconds" -> progressSeconds = (long) positive(value(args, ++i, a), a);
                case "--no-machine-limits" -> limits = false;
                case "--note" -> note = value(args, ++i, a);
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--docs-dir") || args[i].equals("--data-dir")) {
                i++;
            } else {
                user.add(args[i]);
            }
        }
        return new BenchmarkOptions(
                resource,
                file,
                only,
                drivers,
                docs,
                output,
                data,
                durationScale,
                backlogScale,
                progressSeconds,
                limits,
                note,
                List.copyOf(user),
                help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static double positive(String value, String option) {
        try {
            double d = Double.parseDouble(value);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(option + " must be a positive number, was '" + value + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a positive number, was '" + value + "'", e);
        }
    }

    /** Where the Markdown report goes: {@code --output}, else {@code <docs-dir>/performance.md}, else none. */
    public Optional<Path> markdownFile() {
        return output.or(() -> docsDir.map(d -> d.resolve("performance.md")));
    }
}
