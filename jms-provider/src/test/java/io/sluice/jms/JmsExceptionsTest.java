package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JmsExceptionsTest {

    private static Class<?> mapped(ErrorCode code) {
        return JmsExceptions.forCode(code, "m", null).getClass();
    }

    @Test
    void errorCodesMapToTheExceptionsTheSpecificationNames() {
        assertThat(mapped(ErrorCode.AUTHENTICATION_FAILED)).isEqualTo(JMSSecurityException.class);
        assertThat(mapped(ErrorCode.AUTHORIZATION_FAILED)).isEqualTo(JMSSecurityException.class);
        assertThat(mapped(ErrorCode.INVALID_CLIENT_ID)).isEqualTo(InvalidClientIDException.class);
        assertThat(mapped(ErrorCode.UNKNOWN_TOPIC)).isEqualTo(InvalidDestinationException.class);
        assertThat(mapped(ErrorCode.INVALID_TOPIC_NAME)).isEqualTo(InvalidDestinationException.class);
        assertThat(mapped(ErrorCode.DESTINATION_TYPE_MISMATCH)).isEqualTo(InvalidDestinationException.class);
        assertThat(mapped(ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED)).isEqualTo(InvalidDestinationException.class);
        assertThat(mapped(ErrorCode.UNKNOWN_SUBSCRIPTION)).isEqualTo(InvalidDestinationException.class);
        assertThat(mapped(ErrorCode.INVALID_SELECTOR)).isEqualTo(InvalidSelectorException.class);
        assertThat(mapped(ErrorCode.STORAGE_FULL)).isEqualTo(ResourceAllocationException.class);
        assertThat(mapped(ErrorCode.RESOURCE_LIMIT_EXCEEDED)).isEqualTo(ResourceAllocationException.class);
        assertThat(mapped(ErrorCode.ILLEGAL_STATE)).isEqualTo(IllegalStateException.class);
        assertThat(mapped(ErrorCode.SUBSCRIPTION_IN_USE)).isEqualTo(IllegalStateException.class);
        assertThat(mapped(ErrorCode.TEMPORARY_DESTINATION_IN_USE)).isEqualTo(IllegalStateException.class);
        assertThat(mapped(ErrorCode.TRANSACTION_ROLLED_BACK)).isEqualTo(TransactionRolledBackException.class);
        assertThat(mapped(ErrorCode.CONNECTION_LOST)).isEqualTo(JMSException.class);
        assertThat(mapped(ErrorCode.REQUEST_TIMED_OUT)).isEqualTo(JMSException.class);
    }

    @Test
    void theCauseIsKeptAsLinkedExceptionAndCauseAndTheCodeNamed() {
        SluiceProtocolException cause = new SluiceProtocolException(ErrorCode.UNKNOWN_TOPIC, "no such topic");
        JMSException e = JmsExceptions.from("sending to queue://x", new CompletionException(cause));
        assertThat(e).isInstanceOf(InvalidDestinationException.class);
        assertThat(e.getLinkedException()).isSameAs(cause);
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.getErrorCode()).isEqualTo("UNKNOWN_TOPIC");
        assertThat(e.getMessage()).contains("sending to queue://x").contains("no such topic");
        JMSException other = JmsExceptions.from("x", new RuntimeException("boom"));
        assertThat(other.getClass()).isEqualTo(JMSException.class);
        assertThat(other.getCause()).hasMessage("boom");
    }

    @Test
    void everyJmsExceptionHasItsRuntimeCounterpart() {
        assertRuntime(new IllegalStateException("m"), IllegalStateRuntimeException.class);
        assertRuntime(new InvalidClientIDException("m"), InvalidClientIDRuntimeException.class);
        assertRuntime(new InvalidDestinationException("m"), InvalidDestinationRuntimeException.class);
        assertRuntime(new InvalidSelectorException("m"), InvalidSelectorRuntimeException.class);
        assertRuntime(new JMSSecurityException("m"), JMSSecurityRuntimeException.class);
        assertRuntime(new MessageFormatException("m"), MessageFormatRuntimeException.class);
        assertRuntime(new MessageNotWriteableException("m"), MessageNotWriteableRuntimeException.class);
        assertRuntime(new ResourceAllocationException("m"), ResourceAllocationRuntimeException.class);
        assertRuntime(new TransactionRolledBackException("m"), TransactionRolledBackRuntimeException.class);
        assertRuntime(new JMSException("m"), JMSRuntimeException.class);
    }

    private static void assertRuntime(JMSException e, Class<? extends JMSRuntimeException> expected) {
        JMSRuntimeException r = JmsExceptions.toRuntime(e);
        assertThat(r.getClass()).isEqualTo(expected);
        assertThat(r.getCause()).isSameAs(e);
        assertThat(r.getMessage()).isEqualTo("m");
    }
}
