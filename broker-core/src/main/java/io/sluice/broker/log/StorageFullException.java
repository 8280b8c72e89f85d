package io.sluice.broker.log;

/**
 * A write was refused because the disk is full or nearly so (less than the space the broker keeps
 * free for itself). Nothing was written; the same request may succeed once space is freed.
 */
public final class StorageFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageFullException(String message) {
        super(message);
    }
}
