package io.sluice.bench.driver.artemis;

import io.sluice.bench.process.ChildJvm.ReadyFile;
import io.sluice.bench.process.LauncherArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The {@code main} of the Artemis child JVM: an embedded broker with one core-protocol acceptor
 * on 127.0.0.1, its journal, bindings, paging and large messages under {@code dataDir}, security
 * off (no users to manage; it does not touch durability). {@code profile=default} keeps every
 * other setting at Artemis's own default - ASYNCIO journal when libaio can be loaded, otherwise
 * Artemis itself switches to NIO - while {@code profile=tuned} asks for ASYNCIO, sets the journal
 * buffer timeout to {@code bufferTimeoutNanos} (the measured fsync time) and pre-creates 10 journal
 * files. After start it writes the effective journal type, buffer timeout and version to {@code
 * readyFile}, then runs until SIGTERM.
 *
 * <pre>
 * java -cp ... ArtemisLauncher dataDir=/tmp/x port=61616 readyFile=/tmp/x/ready profile=default
 * </pre>
 *
 * <p>Not thread-safe; a process entry point.
 */
public final class ArtemisLauncher {
    private ArtemisLauncher() {}

    public static void main(String[] argv) throws Exception {
        LauncherArgs args = LauncherArgs.parse(argv);
        Path dataDir = Path.of(args.get("dataDir"));
        Files.createDirectories(dataDir);
        Configuration config = configuration(
                dataDir, args.getInt("port"), args.get("profile"), args.getLong("bufferTimeoutNanos", -1));
        EmbeddedActiveMQ broker =
                new EmbeddedActiveMQ().setConfiguration(config).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        ActiveMQServer server = broker.getActiveMQServer();
        Configuration effective = server.getConfiguration();
        boolean aio = effective.getJournalType() == JournalType.ASYNCIO;
        Properties ready = new Properties();
        ready.setProperty("version", server.getVersion().getFullVersion());
        ready.setProperty("journalType", effective.getJournalType().name());
        ready.setProperty("libaio", Boolean.toString(AIOSequentialFileFactory.isSupported()));
        ready.setProperty(
                "bufferTimeoutNanos",
                Integer.toString(
                        aio ? effective.getJournalBufferTimeout_AIO() : effective.getJournalBufferTimeout_NIO()));
        ready.setProperty("journalDatasync", Boolean.toString(effective.isJournalDatasync()));
        ready.setProperty("syncNonTransactional", Boolean.toString(effective.isJournalSyncNonTransactional()));
        ready.setProperty("syncTransactional", Boolean.toString(effective.isJournalSyncTransactional()));
        ready.setProperty("globalMaxSizeBytes", Long.toString(effective.getGlobalMaxSize()));
        ReadyFile.write(Path.of(args.get("readyFile")), ready);
        stopped.await();
    }

    static Configuration configuration(Path dataDir, int port, String profile, long bufferTimeoutNanos)
            throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("bench")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        switch (profile) {
            case "default" -> {}
            case "tuned" -> {
                if (bufferTimeoutNanos <= 0) {
                    throw new IllegalArgumentException("profile=tuned needs bufferTimeoutNanos=<measured fsync ns>");
                }
                int timeout = (int) Math.min(Integer.MAX_VALUE, bufferTimeoutNanos);
                config.setJournalType(JournalType.ASYNCIO)
                        .setJournalBufferTimeout_AIO(timeout)
                        .setJournalBufferTimeout_NIO(timeout)
                        .setJournalMinFiles(10)
                        .setJournalPoolFiles(10);
            }
            default ->
                throw new IllegalArgumentException("profile must be 'default' or 'tuned', was '" + profile + "'");
        }
        return config;
    }
}
