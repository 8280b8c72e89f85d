package io.sluice.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.broker.security.DeclaredGrant;
import io.sluice.broker.server.ProduceMemory;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BrokerPropertiesTest {
    @TempDir
    Path dir;

    private static BrokerConfig parse(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return BrokerProperties.apply(p, BrokerConfig.builder()).build();
    }

    @Test
    void defaultsAreSecureAndLocal() {
        BrokerConfig config = BrokerConfig.builder().build();
        assertThat(config.securityEnabled()).isTrue();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(7676);
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.preAuthMaxFrameBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void readsKeysUsersAndTopicDefaults() {
        BrokerConfig config = parse(
                "listen.port", "9000",
                "security.enabled", "false",
                "security.users.ops.password", "pw",
                "security.users.ops.roles", "admin, audit",
                "topic.default.retention.ms", "1000",
                "topic.default.partitions", "3");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.securityEnabled()).isFalse();
        assertThat(config.users()).containsOnlyKeys("ops");
        assertThat(config.users().get("ops").roles()).containsExactly("admin", "audit");
        assertThat(config.topicDefaults().retentionMs()).isEqualTo(1000);
        assertThat(config.defaultPartitions()).isEqualTo(3);
    }

    @Test
    void transactionKeysAreReadAndChecked() {
        BrokerConfig defaults = BrokerConfig.builder().build();
        assertThat(defaults.transactionMaxBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(defaults.transactionMaxMessages()).isEqualTo(100_000);
        assertThat(defaults.transactionOutcomeRetentionMs()).isEqualTo(3_600_000L);
        BrokerConfig config = parse(
                "transaction.max.bytes", "4096",
                "transaction.max.messages", "7",
                "transaction.log.segment.bytes", "65536",
                "transaction.outcome.retention.ms", "5000");
        assertThat(config.transactionMaxBytes()).isEqualTo(4096);
        assertThat(config.transactionMaxMessages()).isEqualTo(7);
        assertThat(config.transactionLogSegmentBytes()).isEqualTo(65536);
        assertThat(config.transactionOutcomeRetentionMs()).isEqualTo(5000);
        assertThatThrownBy(() -> parse("transaction.max.bytes", "268435457"))
                .hasMessageContaining("transaction.max.bytes must lie in [1024, 268435456]");
        assertThatThrownBy(() -> parse("transaction.max.messages", "0"))
                .hasMessageContaining("transaction.max.messages");
        assertThatThrownBy(() -> parse("transaction.log.segment.bytes", "1024"))
                .hasMessageContaining("transaction.log.segment.bytes must be >= 65536");
        assertThatThrownBy(() -> parse("transaction.outcome.retention.ms", "10"))
                .hasMessageContaining("transaction.outcome.retention.ms");
    }

    @Test
    void readsGrantsOfUsersAndRoles() {
        BrokerConfig config = parse(
                "security.grants.user.app.eu", "orders.*:produce,consume; audit.#: browse",
                "security.grants.role.ops", "#:admin,create,delete");
        assertThat(config.grants())
                .containsExactlyInAnyOrder(
                        new DeclaredGrant(
                                PrincipalType.USER,
                                "app.eu",
                                "orders.*",
                                EnumSet.of(Permission.PRODUCE, Permission.CONSUME)),
                        new DeclaredGrant(PrincipalType.USER, "app.eu", "audit.#", EnumSet.of(Permission.BROWSE)),
                        new DeclaredGrant(
                                PrincipalType.ROLE,
                                "ops",
                                "#",
                                EnumSet.of(Permission.ADMIN, Permission.CREATE, Permission.DELETE)));
    }

    @Test
    void readsTlsLimitsFlowControlAndDiskKeys() {
        BrokerConfig config = parse(
                "tls.enabled", "true",
                "tls.keystore.path", "/etc/sluice/broker.p12",
                "tls.keystore.password", "store-pw",
                "tls.keystore.type", "jks",
                "tls.protocols", "TLSv1.3",
                "security.passwords.require.tls", "true",
                "connection.preauth.timeout.ms", "5000",
                "connection.max.per.address", "0",
                "connection.max.consumers", "50",
                "connection.max.temporaries", "5",
                "connection.write.buffer.bytes", "1048576",
                "produce.memory.bytes", "134217728",
                "produce.memory.connection.bytes", "1048576",
                "produce.memory.policy", "FAIL",
                "storage.min.free.bytes", "0");
        assertThat(config.tls().keyStorePath()).isEqualTo(Path.of("/etc/sluice/broker.p12"));
        assertThat(config.tls().keyStoreType()).isEqualTo("JKS");
        assertThat(config.tls().protocols()).containsExactly("TLSv1.3");
        assertThat(config.tls().toString()).doesNotContain("store-pw");
        assertThat(config.passwordsRequireTls()).isTrue();
        assertThat(config.preAuthTimeoutMs()).isEqualTo(5000);
        assertThat(config.maxConnectionsPerAddress()).isZero();
        assertThat(config.maxConsumersPerConnection()).isEqualTo(50);
        assertThat(config.maxTemporariesPerConnection()).isEqualTo(5);
        assertThat(config.writeBufferBytes()).isEqualTo(1 << 20);
        assertThat(config.produceMemoryBytes()).isEqualTo(128L << 20);
        assertThat(config.produceMemoryConnectionBytes()).isEqualTo(1 << 20);
        assertThat(config.produceMemoryPolicy()).isEqualTo(ProduceMemory.Policy.FAIL);
        assertThat(config.minFreeDiskBytes()).isZero();

        BrokerConfig defaults = BrokerConfig.builder().build();
        assertThat(defaults.tls()).isNull();
        assertThat(defaults.produceMemoryPolicy()).isEqualTo(ProduceMemory.Policy.BLOCK);
        assertThat(defaults.minFreeDiskBytes()).isEqualTo(256L << 20);
        assertThat(defaults.maxConnectionsPerAddress()).isEqualTo(1000);
    }

    @Test
    void badTlsAndLimitValuesNameTheKey() {
        assertThatThrownBy(() -> parse("tls.enabled", "true")).hasMessageContaining("tls.keystore.path");
        assertThatThrownBy(() -> parse("tls.keystore.path", "/x")).hasMessageContaining("tls.enabled is not true");
        assertThatThrownBy(() -> parse("tls.enabled", "true", "tls.keystore.path", "/x", "tls.keystore.type", "PEM"))
                .hasMessageContaining("tls.keystore.type");
        assertThatThrownBy(() -> parse("produce.memory.policy", "drop")).hasMessageContaining("produce.memory.policy");
        assertThatThrownBy(() -> parse("produce.memory.connection.bytes", "1024"))
                .hasMessageContaining("produce.memory.connection.bytes");
        assertThatThrownBy(() -> parse("connection.preauth.timeout.ms", "10"))
                .hasMessageContaining("connection.preauth.timeout.ms");
        assertThatThrownBy(() -> parse("storage.min.free.bytes", "-1")).hasMessageContaining("storage.min.free.bytes");
    }

    @Test
    void badGrantsNameTheKeyAndTheProblem() {
        assertThatThrownBy(() -> parse("security.grants.group.x", "#:produce"))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessageContaining("security.grants.user.NAME");
        assertThatThrownBy(() -> parse("security.grants.user.x", "orders"))
                .hasMessageContaining("security.grants.user.x")
                .hasMessageContaining("PATTERN:PERMISSION");
        assertThatThrownBy(() -> parse("security.grants.user.x", "orders:write"))
                .hasMessageContaining("security.grants.user.x")
                .hasMessageContaining("unknown permission 'write'");
        assertThatThrownBy(() -> parse("security.grants.user.x", "order*:produce"))
                .hasMessageContaining("security.grants.user.x")
                .hasMessageContaining("must stand alone");
        assertThatThrownBy(() -> parse("security.grants.role.", "#:produce")).hasMessageContaining("names no role");
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> parse("listen.prot", "1"))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessageContaining("unknown broker configuration key 'listen.prot'");
        assertThatThrownBy(() -> parse("listen.port", "seventy")).hasMessageContaining("listen.port");
        assertThatThrownBy(() -> parse("listen.port", "70000")).hasMessageContaining("listen.port");
        assertThatThrownBy(() -> parse("security.enabled", "yes")).hasMessageContaining("security.enabled");
        assertThatThrownBy(() -> parse("topic.default.segment.bytes", "1"))
                .hasMessageContaining("topic.default.")
                .hasMessageContaining("segment.bytes");
        assertThatThrownBy(() -> parse("security.users.x.roles", "admin"))
                .hasMessageContaining("security.users.x.password is missing");
        assertThatThrownBy(() -> parse("frame.max.bytes", "2048")).hasMessageContaining("frame.max.bytes");
    }

    @Test
    void commandLineOverridesTheFile() throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "listen.port=9000\ndata.dir=/var/lib/sluice\nsecurity.enabled=false\n");
        BrokerMain.Options options = BrokerMain.parse(
                new String[] {"--config", file.toString(), "--port", "0", "--set", "broker.id=7", "--port-file", "p.txt"
                });
        assertThat(options.config().port()).isZero();
        assertThat(options.config().brokerId()).isEqualTo(7);
        assertThat(options.config().dataDir()).isEqualTo(Path.of("/var/lib/sluice"));
        assertThat(options.portFile()).isEqualTo(Path.of("p.txt"));
        assertThat(BrokerMain.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> BrokerMain.parse(new String[] {"--frobnicate"}))
                .hasMessageContaining("unknown option '--frobnicate'");
        assertThatThrownBy(() -> BrokerMain.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BrokerMain.parse(new String[] {"--set", "novalue"}))
                .hasMessageContaining("key=value");
    }

    @Test
    void builderDeclaresUsers() {
        BrokerConfig config =
                BrokerConfig.builder().user("a", "b", List.of("admin")).build();
        assertThat(config.users().get("a").password()).isEqualTo("b");
    }
}
