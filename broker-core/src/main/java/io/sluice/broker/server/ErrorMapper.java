package io.sluice.broker.server;

import io.sluice.broker.log.DiskSpaceMonitor;
import io.sluice.broker.log.LogClosedException;
import io.sluice.broker.log.LogStorageException;
import io.sluice.broker.log.OffsetOutOfRangeException;
import io.sluice.broker.log.RecordLimitException;
import io.sluice.broker.log.StorageFullException;
import io.sluice.broker.meta.MetadataException;
import io.sluice.broker.partition.NotDurableException;
import io.sluice.broker.partition.RecordTooLargeException;
import io.sluice.broker.producer.OutOfOrderSequenceException;
import io.sluice.broker.producer.ProducerFencedException;
import io.sluice.broker.producer.UnknownProducerIdException;
import io.sluice.broker.security.AuthenticationException;
import io.sluice.broker.security.AuthorizationException;
import io.sluice.broker.security.InvalidGrantException;
import io.sluice.broker.security.InvalidUserException;
import io.sluice.broker.security.UnknownUserException;
import io.sluice.broker.topic.InvalidConfigException;
import io.sluice.broker.topic.InvalidTopicNameException;
import io.sluice.broker.topic.TopicAlreadyExistsException;
import io.sluice.broker.topic.UnknownPartitionException;
import io.sluice.broker.topic.UnknownTopicException;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import io.sluice.protocol.record.InvalidRecordException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one place where broker exceptions become wire {@link ErrorCode}s. Anything not listed is a
 * bug or an unforeseen failure: it maps to UNKNOWN_SERVER_ERROR, and {@link Mapped#isUnexpected()}
 * tells the caller (a handler boundary) to log the stack trace. The message sent to the client is
 * the exception's message, never a class name or a stack trace.
 *
 * <p>Stateless and thread-safe.
 */
public final class ErrorMapper {
    private ErrorMapper() {}

    /** An error code with the message that goes with it on the wire. */
    public record Mapped(ErrorCode error, String message, Throwable cause) {
        public boolean isUnexpected() {
            return error == ErrorCode.UNKNOWN_SERVER_ERROR;
        }
    }

    public static Mapped map(Throwable failure) {
        Throwable t = unwrap(failure);
        return new Mapped(codeFor(t), messageFor(t), t);
    }

    /** Strips the wrappers futures put around the real failure. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static ErrorCode codeFor(Throwable t) {
        if (t instanceof SluiceProtocolException e) {
            return e.error();
        }
        if (t instanceof InvalidTopicNameException) {
            return ErrorCode.INVALID_TOPIC_NAME;
        }
        if (t instanceof TopicAlreadyExistsException) {
            return ErrorCode.TOPIC_ALREADY_EXISTS;
        }
        if (t instanceof UnknownTopicException) {
            return ErrorCode.UNKNOWN_TOPIC;
        }
        if (t instanceof UnknownPartitionException) {
            return ErrorCode.UNKNOWN_PARTITION;
        }
        if (t instanceof InvalidConfigException) {
            return ErrorCode.INVALID_CONFIG;
        }
        if (t instanceof RecordTooLargeException || t instanceof RecordLimitException) {
            return ErrorCode.RECORD_TOO_LARGE;
        }
        if (t instanceof InvalidRecordException) {
            return ErrorCode.CORRUPT_RECORD;
        }
        if (t instanceof OutOfOrderSequenceException) {
            return ErrorCode.OUT_OF_ORDER_SEQUENCE;
        }
        if (t instanceof ProducerFencedException) {
            return ErrorCode.PRODUCER_FENCED;
        }
        if (t instanceof UnknownProducerIdException) {
            return ErrorCode.UNKNOWN_PRODUCER_ID;
        }
        if (t instanceof AuthenticationException) {
            return ErrorCode.AUTHENTICATION_FAILED;
        }
        if (t instanceof AuthorizationException) {
            return ErrorCode.AUTHORIZATION_FAILED;
        }
        if (t instanceof InvalidClientIdException) {
            return ErrorCode.INVALID_CLIENT_ID;
        }
        if (t instanceof UnknownUserException) {
            return ErrorCode.UNKNOWN_USER;
        }
        if (t instanceof InvalidUserException
                || t instanceof InvalidGrantException
                || t instanceof InvalidRequestException) {
            return ErrorCode.INVALID_REQUEST;
        }
        if (t instanceof BrokerShuttingDownException) {
            return ErrorCode.BROKER_SHUTTING_DOWN;
        }
        if (t instanceof RejectedExecutionException) {
            return ErrorCode.RESOURCE_LIMIT_EXCEEDED;
        }
        if (t instanceof TimeoutException) {
            return ErrorCode.REQUEST_TIMED_OUT;
        }
        if (t instanceof NotDurableException) {
            return ErrorCode.NOT_DURABLE;
        }
        if (t instanceof MetadataException) {
            return ErrorCode.STORAGE_ERROR;
        }
        if (t instanceof OffsetOutOfRangeException) {
            return ErrorCode.OFFSET_OUT_OF_RANGE;
        }
        if (t instanceof LogClosedException) {
            return ErrorCode.BROKER_SHUTTING_DOWN;
        }
        if (t instanceof StorageFullException) {
            return ErrorCode.STORAGE_FULL;
        }
        if (t instanceof LogStorageException) {
            return DiskSpaceMonitor.isNoSpace(t) ? ErrorCode.STORAGE_FULL : ErrorCode.STORAGE_ERROR;
        }
        return ErrorCode.UNKNOWN_SERVER_ERROR;
    }

    private static String messageFor(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isEmpty()) {
            return codeFor(t).description();
        }
        return message;
    }
}
