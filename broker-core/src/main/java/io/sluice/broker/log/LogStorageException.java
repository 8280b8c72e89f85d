package io.sluice.broker.log;

import java.nio.file.Path;

/**
 * A disk operation of the log failed (I/O error, no space left, corrupt data that cannot be
 * recovered automatically). It names the file or folder involved; the cause is the original
 * exception, if any.
 *
 * <p>When an append fails this way, the partition is left either exactly as it was before the
 * append, or {@linkplain PartitionLog#isFailed() failed}: every later append then fails fast with a
 * {@code LogStorageException} whose cause is the original failure, until the log is reopened (which
 * runs recovery).
 */
public class LogStorageException extends RuntimeException {
    private final transient Path path;

    public LogStorageException(String message, Path path, Throwable cause) {
        super(message + " [" + path + "]" + (cause == null ? "" : ": " + cause), cause);
        this.path = path;
    }

    public LogStorageException(String message, Path path) {
        this(message, path, null);
    }

    /** The file or folder the failed operation was working on. */
    public Path path() {
        return path;
    }
}
