package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ObjectMessageAllowListTest {

    @Test
    void defaultsAllowTheFourPackages() {
        ObjectMessageAllowList d = ObjectMessageAllowList.defaults();
        assertThat(d.isAllowed("java.lang.String")).isTrue();
        assertThat(d.isAllowed("java.util.HashMap")).isTrue();
        assertThat(d.isAllowed("java.util.concurrent.ConcurrentHashMap")).isTrue();
        assertThat(d.isAllowed("java.math.BigDecimal")).isTrue();
        assertThat(d.isAllowed("java.time.Instant")).isTrue();
        assertThat(d.isAllowed("java.time.zone.ZoneRules")).isTrue();
        assertThat(d.isAllowed("java.lang.invoke.SerializedLambda"))
                .as("java.lang.* has no subpackages")
                .isFalse();
        assertThat(d.isAllowed("javax.management.BadAttributeValueExpException"))
                .isFalse();
        assertThat(d.isAllowed("com.acme.Order")).isFalse();
        assertThat(d.isAllowed(int[][].class)).isTrue();
        assertThat(d.isAllowed(String[].class)).isTrue();
        assertThat(d.isAllowed(ObjectMessageAllowListTest[].class)).isFalse();
    }

    @Test
    void entryForms() {
        ObjectMessageAllowList l = ObjectMessageAllowList.parse(" com.acme.Order , org.x.* ,org.y.**,, ");
        assertThat(l.entries()).containsExactly("com.acme.Order", "org.x.*", "org.y.**");
        assertThat(l.isAllowed("com.acme.Order")).isTrue();
        assertThat(l.isAllowed("com.acme.Order$Line")).isFalse();
        assertThat(l.isAllowed("com.acme.Other")).isFalse();
        assertThat(l.isAllowed("org.x.A")).isTrue();
        assertThat(l.isAllowed("org.x.sub.A")).isFalse();
        assertThat(l.isAllowed("org.y.A")).isTrue();
        assertThat(l.isAllowed("org.y.sub.deeper.A")).isTrue();
        assertThat(l.isAllowed("org.yy.A")).isFalse();
        assertThat(ObjectMessageAllowList.parse("*").isAllowed("anything.At.All"))
                .isTrue();
        assertThat(ObjectMessageAllowList.parse("").isAllowed("java.lang.String"))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.acme.", "com..acme", "com.acme.***", "1com.Foo", "com.acme Order", "**", "com.*.Foo"})
    void invalidEntriesAreRejected(String entry) {
        assertThatThrownBy(() -> ObjectMessageAllowList.parse(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry.strip());
    }

    @Test
    void plusAddsEntries() {
        ObjectMessageAllowList l = ObjectMessageAllowList.defaults().plus("com.acme.**");
        assertThat(l.isAllowed("com.acme.orders.Order")).isTrue();
        assertThat(l.isAllowed("java.lang.Integer")).isTrue();
        assertThat(ObjectMessageAllowList.defaults().isAllowed("com.acme.orders.Order"))
                .as("defaults unchanged")
                .isFalse();
    }
}
