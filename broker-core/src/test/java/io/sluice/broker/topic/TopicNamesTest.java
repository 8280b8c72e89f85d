package io.sluice.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TopicNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"orders", "a", "Orders.EU-west_1", "..x", "-", "_"})
    void acceptsLegalNames(String name) {
        assertThat(TopicNames.validate(name)).isEqualTo(name);
    }

    @Test
    void acceptsTheLongestName() {
        assertThat(TopicNames.isValid("x".repeat(TopicNames.MAX_LENGTH))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void rejectsDotNames(String name) {
        assertThatThrownBy(() -> TopicNames.validate(name)).hasMessageContaining("'.' or '..'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "a\\b", "é", "a:b", "a*"})
    void rejectsIllegalCharacters(String name) {
        assertThatThrownBy(() -> TopicNames.validate(name))
                .isInstanceOf(InvalidTopicNameException.class)
                .hasMessageContaining("may only contain");
    }

    @Test
    void rejectsEmptyNullAndTooLong() {
        assertThatThrownBy(() -> TopicNames.validate("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TopicNames.validate(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> TopicNames.validate("x".repeat(TopicNames.MAX_LENGTH + 1)))
                .hasMessageContaining("at most " + TopicNames.MAX_LENGTH);
    }

    @Test
    void controlCharactersAreEscapedInTheMessage() {
        assertThatThrownBy(() -> TopicNames.validate("a\nb")).hasMessageContaining("a\\u000ab");
    }
}
