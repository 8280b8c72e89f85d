package io.sluice.jms;

import io.sluice.client.SluiceClientException;
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
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where failures become {@code jakarta.jms} exceptions: broker and client {@link
 * ErrorCode}s map to the specific {@link JMSException} subtype the specification names, and every
 * {@link JMSException} maps to its {@link JMSRuntimeException} counterpart for the simplified API.
 * The cause is always kept, as linked exception and as cause, and the error code's name becomes the
 * exception's {@code errorCode}.
 *
 * <pre>
 * ErrorCode                                                      jakarta.jms exception
 * AUTHENTICATION_FAILED, AUTHORIZATION_FAILED                    JMSSecurityException
 * INVALID_CLIENT_ID                                              InvalidClientIDException
 * UNKNOWN_TOPIC, INVALID_TOPIC_NAME, DESTINATION_TYPE_MISMATCH,
 *   TEMPORARY_DESTINATION_NOT_OWNED, UNKNOWN_SUBSCRIPTION        InvalidDestinationException
 * INVALID_SELECTOR                                               InvalidSelectorException
 * STORAGE_FULL, RESOURCE_LIMIT_EXCEEDED                          ResourceAllocationException
 * ILLEGAL_STATE, SUBSCRIPTION_IN_USE,
 *   TEMPORARY_DESTINATION_IN_USE                                 IllegalStateException
 * TRANSACTION_ROLLED_BACK                                        TransactionRolledBackException
 * anything else (CONNECTION_LOST, REQUEST_TIMED_OUT, ...)        JMSException
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class JmsExceptions {
    private JmsExceptions() {}

    /** The JMS exception for a failure with {@code code}; {@code cause} may be null. */
    public static JMSException forCode(ErrorCode code, String message, Throwable cause) {
        String errorCode = code.name();
        JMSException e =
                switch (code) {
                    case AUTHENTICATION_FAILED, AUTHORIZATION_FAILED -> new JMSSecurityException(message, errorCode);
                    case INVALID_CLIENT_ID -> new InvalidClientIDException(message, errorCode);
                    case UNKNOWN_TOPIC,
                            INVALID_TOPIC_NAME,
                            DESTINATION_TYPE_MISMATCH,
                            TEMPORARY_DESTINATION_NOT_OWNED,
                            UNKNOWN_SUBSCRIPTION -> new InvalidDestinationException(message, errorCode);
                    case INVALID_SELECTOR -> new InvalidSelectorException(message, errorCode);
                    case STORAGE_FULL, RESOURCE_LIMIT_EXCEEDED -> new ResourceAllocationException(message, errorCode);
                    case ILLEGAL_STATE, SUBSCRIPTION_IN_USE, TEMPORARY_DESTINATION_IN_USE ->
                        new IllegalStateException(message, errorCode);
                    case TRANSACTION_ROLLED_BACK -> new TransactionRolledBackException(message, errorCode);
                    default -> new JMSException(message, errorCode);
                };
        return linked(e, cause);
    }

    /**
     * The JMS exception for any failure of a client call: a {@link SluiceClientException} (or other
     * {@link SluiceProtocolException}) by its code, a {@link JMSException} as it is, anything else as
     * a plain {@link JMSException}. Future wrappers are unwrapped.
     *
     * @param what what was being attempted, e.g. {@code "creating a consumer on queue://orders"}
     */
    public static JMSException from(String what, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof JMSException jms) {
            return jms;
        }
        if (t instanceof SluiceProtocolException p) {
            return forCode(p.error(), what + " failed: " + p.getMessage(), p);
        }
        if (t instanceof JMSRuntimeException r && r.getCause() instanceof JMSException jms) {
            return jms;
        }
        return linked(new JMSException(what + " failed: " + t, ErrorCode.UNKNOWN_SERVER_ERROR.name()), t);
    }

    /** The error code of a failure, or {@code null} when it carries none. */
    public static ErrorCode codeOf(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof SluiceProtocolException p ? p.error() : null;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** An {@link IllegalStateException} with the given reason. */
    public static IllegalStateException illegalState(String message) {
        return new IllegalStateException(message, ErrorCode.ILLEGAL_STATE.name());
    }

    /** Sets {@code cause} as linked exception and cause of {@code e} (when not null). */
    public static <E extends JMSException> E linked(E e, Throwable cause) {
        if (cause != null) {
            if (cause instanceof Exception ex) {
                e.setLinkedException(ex);
            }
            if (e.getCause() == null) {
                e.initCause(cause);
            }
        }
        return e;
    }

    /** The simplified API's unchecked counterpart of {@code e}, with {@code e} as its cause. */
    public static JMSRuntimeException toRuntime(JMSException e) {
        String m = e.getMessage();
        String c = e.getErrorCode();
        if (e instanceof IllegalStateException) {
            return new IllegalStateRuntimeException(m, c, e);
        } else if (e instanceof InvalidClientIDException) {
            return new InvalidClientIDRuntimeException(m, c, e);
        } else if (e instanceof InvalidDestinationException) {
            return new InvalidDestinationRuntimeException(m, c, e);
        } else if (e instanceof InvalidSelectorException) {
            return new InvalidSelectorRuntimeException(m, c, e);
        } else if (e instanceof JMSSecurityException) {
            return new JMSSecurityRuntimeException(m, c, e);
        } else if (e instanceof MessageFormatException) {
            return new MessageFormatRuntimeException(m, c, e);
        } else if (e instanceof MessageNotWriteableException) {
            return new MessageNotWriteableRuntimeException(m, c, e);
        } else if (e instanceof ResourceAllocationException) {
            return new ResourceAllocationRuntimeException(m, c, e);
        } else if (e instanceof TransactionInProgressException) {
            return new TransactionInProgressRuntimeException(m, c, e);
        } else if (e instanceof TransactionRolledBackException) {
            return new TransactionRolledBackRuntimeException(m, c, e);
        }
        return new JMSRuntimeException(m, c, e);
    }
}
