package io.sluice.bench.machine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A description of the machine a run measured: CPU, cores, memory, OS, JVM, and the file system
 * holding the data directory.
 *
 * <p>Immutable; thread-safe.
 */
public record MachineInfo(String cpuModel, int cores, long memoryBytes, String os, String jvm, String dataFileSystem) {

    /** Describes this machine, with the file system that holds {@code dataDir}. */
    public static MachineInfo describe(Path dataDir) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new MachineInfo(
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                os.getTotalMemorySize(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                fileSystem(dataDir));
    }

    private static String readCpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            List<String> lines = Files.readAllLines(cpuinfo);
            return lines.stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + System.getProperty("os.arch") + ")";
        }
    }

    private static String fileSystem(Path dir) {
        try {
            Files.createDirectories(dir);
            FileStore store = Files.getFileStore(dir);
            return String.format(
                    Locale.ROOT,
                    "%s on %s, %.0f GiB free",
                    store.type(),
                    store.name(),
                    store.getUsableSpace() / (1024.0 * 1024 * 1024));
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
