package io.sluice.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.broker.security.DeclaredGrant;
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
