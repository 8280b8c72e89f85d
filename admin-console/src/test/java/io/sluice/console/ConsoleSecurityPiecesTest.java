package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS configuration keys and the checks of user, role, password, pattern and permission input. */
@Timeout(10)
class ConsoleSecurityPiecesTest {
    private static ConsoleException refusal(Runnable r) {
        try {
            r.run();
        } catch (ConsoleException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void tlsKeysConfigureHttpsAndTheBrokerConnection() {
        Properties p = new Properties();
        p.setProperty(ConsoleConfig.TLS_ENABLED, "true");
        p.setProperty(ConsoleConfig.TLS_KEYSTORE_PATH, "conf/console.p12");
        p.setProperty(ConsoleConfig.TLS_KEYSTORE_PASSWORD, "store-secret");
        p.setProperty(ConsoleConfig.TLS_KEYSTORE_TYPE, "jks");
        p.setProperty(ConsoleConfig.TLS_KEY_PASSWORD, "key-secret");
        p.setProperty(ConsoleConfig.BROKER_TLS_ENABLED, "true");
        p.setProperty(ConsoleConfig.BROKER_TLS_TRUSTSTORE_PATH, "conf/truststore.p12");
        p.setProperty(ConsoleConfig.BROKER_TLS_TRUSTSTORE_PASSWORD, "trust-secret");
        p.setProperty(ConsoleConfig.BROKER_TLS_HOSTNAME_VERIFICATION, "false");
        p.setProperty(ConsoleConfig.ADMIN_PASSWORD, "admin-secret");
        ConsoleConfig c = ConsoleConfig.fromProperties(p);
        assertThat(c.isHttps()).isTrue();
        assertThat(c.https().keyStorePath()).isEqualTo(Path.of("conf/console.p12"));
        assertThat(c.https().keyStoreType()).isEqualTo("JKS");
        assertThat(c.https().effectiveKeyPassword()).isEqualTo("key-secret");
        assertThat(c.brokerTls().trustStorePath()).isEqualTo(Path.of("conf/truststore.p12"));
        assertThat(c.brokerTls().trustStoreType()).isEqualTo("PKCS12");
        assertThat(c.brokerTls().hostnameVerification()).isFalse();
        assertThat(c.toString())
                .doesNotContain("store-secret")
                .doesNotContain("key-secret")
                .doesNotContain("trust-secret")
                .doesNotContain("admin-secret")
                .contains("console.p12");

        Properties defaults = new Properties();
        defaults.setProperty(ConsoleConfig.BROKER_TLS_ENABLED, "true");
        ConsoleConfig jdkTrust = ConsoleConfig.fromProperties(defaults);
        assertThat(jdkTrust.brokerTls().trustStorePath()).isNull();
        assertThat(jdkTrust.brokerTls().hostnameVerification()).isTrue();
        assertThat(jdkTrust.isHttps()).isFalse();
        assertThat(ConsoleConfig.fromProperties(new Properties()).brokerTls()).isNull();
    }

    @Test
    void inconsistentTlsKeysAreErrorsNamingTheKey() {
        Properties noPath = new Properties();
        noPath.setProperty(ConsoleConfig.TLS_ENABLED, "true");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(noPath))
                .hasMessage("console.tls.enabled=true needs console.tls.keystore.path");
        Properties notEnabled = new Properties();
        notEnabled.setProperty(ConsoleConfig.TLS_KEYSTORE_PATH, "x.p12");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(notEnabled))
                .hasMessage("console.tls.keystore.path is set but console.tls.enabled is not true");
        Properties trustNotEnabled = new Properties();
        trustNotEnabled.setProperty(ConsoleConfig.BROKER_TLS_TRUSTSTORE_PATH, "t.p12");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(trustNotEnabled))
                .hasMessage("console.broker.tls.truststore.path is set but console.broker.tls.enabled is not true");
        Properties badBoolean = new Properties();
        badBoolean.setProperty(ConsoleConfig.TLS_ENABLED, "yes");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(badBoolean))
                .hasMessage("console.tls.enabled must be true or false, was 'yes'");
        Properties badType = new Properties();
        badType.setProperty(ConsoleConfig.TLS_ENABLED, "true");
        badType.setProperty(ConsoleConfig.TLS_KEYSTORE_PATH, "x.p12");
        badType.setProperty(ConsoleConfig.TLS_KEYSTORE_TYPE, "PEM");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(badType))
                .hasMessage("console.tls.keystore.type must be PKCS12 or JKS, was 'PEM'");
    }

    @Test
    void passwordsFollowThePolicy() {
        assertThat(SecurityInputs.newPassword("eight-ch", "u", "password")).isEqualTo("eight-ch");
        assertThat(refusal(() -> SecurityInputs.newPassword("seven77", "u", "password"))
                        .getMessage())
                .isEqualTo("the password is too weak: use at least 8 characters");
        assertThat(refusal(() -> SecurityInputs.newPassword(null, "u", "password"))
                        .getMessage())
                .isEqualTo("a password is required");
        assertThat(refusal(() -> SecurityInputs.newPassword("username1", "username1", "password"))
                        .getMessage())
                .contains("must not be the username");
        ConsoleException tooLong = refusal(() -> SecurityInputs.newPassword("x".repeat(1025), "u", "password"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.field()).isEqualTo("password");
    }

    @Test
    void patternsFollowTheBrokersSyntax() {
        for (String ok : List.of("orders", "orders.*", "orders.#", "#.audit", "*.eu.#", "#", "a-b_C.9", "_temp.#")) {
            assertThat(SecurityInputs.pattern(ok)).isEqualTo(ok);
        }
        assertThat(refusal(() -> SecurityInputs.pattern("order*")).getMessage())
                .isEqualTo("invalid pattern 'order*': '*' must stand alone between dots (e.g. 'orders.*'),"
                        + " not inside 'order*'");
        assertThat(refusal(() -> SecurityInputs.pattern("a.#b")).getMessage()).contains("'#' must stand alone");
        assertThat(refusal(() -> SecurityInputs.pattern("a/b")).getMessage()).contains("'/' is not allowed");
        assertThat(refusal(() -> SecurityInputs.pattern("")).getMessage()).isEqualTo("pattern is required");
        assertThat(refusal(() -> SecurityInputs.pattern("a".repeat(256))).getMessage())
                .contains("1 to 255 characters");
        assertThat(refusal(() -> SecurityInputs.pattern("a b")).field()).isEqualTo("pattern");
    }

    @Test
    void namesRolesPermissionsAndPrincipalTypesAreChecked() {
        assertThat(SecurityInputs.username("ops@example.com/eu", "username")).isEqualTo("ops@example.com/eu");
        assertThat(refusal(() -> SecurityInputs.username("a,b", "username")).getMessage())
                .contains("without control characters or ','");
        assertThat(refusal(() -> SecurityInputs.username("tab\there", "username"))
                        .field())
                .isEqualTo("username");
        assertThat(refusal(() -> SecurityInputs.username("", "username")).getMessage())
                .isEqualTo("username is required");
        assertThat(SecurityInputs.roles(Arrays.asList(" apps ", "apps", "admin")))
                .containsExactly("apps", "admin");
        assertThat(SecurityInputs.roles(null)).isEmpty();
        assertThat(refusal(() -> SecurityInputs.role("r".repeat(65), "roles")).getMessage())
                .contains("1 to 64 characters");
        assertThat(SecurityInputs.permissions(List.of("Produce", "browse", "produce"), true))
                .containsExactly(Permission.PRODUCE, Permission.BROWSE);
        assertThat(SecurityInputs.permissions(null, false)).isEmpty();
        assertThat(refusal(() -> SecurityInputs.permissions(List.of(), true)).getMessage())
                .startsWith("choose at least one permission");
        assertThat(refusal(() -> SecurityInputs.permissions(List.of("write"), true))
                        .getMessage())
                .isEqualTo("unknown permission 'write'; use produce, consume, browse, create, delete or admin");
        assertThat(SecurityInputs.principalType("role")).isEqualTo(PrincipalType.ROLE);
        assertThat(refusal(() -> SecurityInputs.principalType("USER")).getMessage())
                .isEqualTo("principalType must be user or role, was 'USER'");
    }

    @Test
    void unknownUsersAreA404() {
        assertThat(BrokerCalls.statusOf(ErrorCode.UNKNOWN_USER)).isEqualTo(404);
        assertThat(BrokerCalls.statusOf(ErrorCode.AUTHORIZATION_FAILED)).isEqualTo(403);
    }
}
