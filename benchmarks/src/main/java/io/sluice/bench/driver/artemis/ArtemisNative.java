package io.sluice.bench.driver.artemis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes Artemis's libaio wrapper loadable in the broker JVM. The wrapper ({@code
 * libartemis-native-64.so}) ships inside the {@code activemq-artemis-native} jar, but Artemis loads
 * it with {@code System.loadLibrary}, which only searches {@code java.library.path} - an Artemis
 * distribution puts it there from its {@code bin/lib} directory. Embedded from Maven Central it is
 * never found and Artemis silently falls back to NIO, even with libaio installed. Copying the
 * wrapper out of the jar and pointing {@code java.library.path} at it gives the broker what a
 * distribution install has; whether ASYNCIO then works still depends on libaio being installed
 * (Debian: {@code libaio1}).
 *
 * <p>Thread-safe: stateless.
 */
final class ArtemisNative {
    static final String RESOURCE = "lib/linux-x86_64/libartemis-native-64.so";

    private ArtemisNative() {}

    /**
     * Copies the wrapper into {@code dir} and returns {@code dir}, or empty on a platform the jar
     * has no wrapper for (anything but Linux x86-64).
     */
    static Optional<Path> extract(Path dir) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.empty();
        }
        try (InputStream in = ArtemisNative.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            Files.createDirectories(dir);
            Files.copy(in, dir.resolve("libartemis-native-64.so"), StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(dir);
        }
    }
}
