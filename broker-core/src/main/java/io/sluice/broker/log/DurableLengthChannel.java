package io.sluice.broker.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file channel that tells its {@link DurableLengthJournal} after every {@link #force} how many
 * bytes of the file are durable (the size read before the force). Everything else goes straight
 * to the channel it wraps.
 *
 * <p>Thread-safe as the wrapped channel is.
 */
final class DurableLengthChannel extends ForwardingFileChannel {
    private final Path path;
    private final DurableLengthJournal journal;

    DurableLengthChannel(FileChannel delegate, Path path, DurableLengthJournal journal) {
        super(delegate);
        this.path = path;
        this.journal = journal;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        long durableBytes = delegate.size();
        delegate.force(metaData);
        journal.record(path, durableBytes);
    }
}
