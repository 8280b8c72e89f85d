package io.sluice.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file of fixed-size entries, the storage under {@link OffsetIndex} and {@link
 * TimeIndex}. There is no file header: the entry count is the file size divided by the entry size.
 *
 * <p>Entries are written with positional writes straight to the file (so readers see them through
 * the page cache without any lock), and the entry count is published afterwards through a volatile
 * field. Appending and truncating are confined to the partition's writer (the log's append lock);
 * reading entries below {@link #entryCount()} is safe from any thread.
 */
abstract class IndexFile implements Closeable {
    private final Path path;
    private final FileChannel channel;
    private final int entrySize;
    private final long initialSizeBytes;
    /** Published after the entry bytes are written, so a reader never reads an unwritten entry. */
    private volatile int entryCount;

    IndexFile(Path path, FileOpener opener, int entrySize) throws IOException {
        this.path = path;
        this.entrySize = entrySize;
        this.channel = opener.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.initialSizeBytes = channel.size();
        this.entryCount = (int) Math.min(Integer.MAX_VALUE, initialSizeBytes / entrySize);
    }

    final Path path() {
        return path;
    }

    final int entryCount() {
        return entryCount;
    }

    final int entrySize() {
        return entrySize;
    }

    /** Whether the file held a whole number of entries when it was opened. */
    final boolean openedWithWholeEntries() {
        return initialSizeBytes % entrySize == 0;
    }

    /** Writes one entry (exactly {@link #entrySize()} bytes) after the last. Writer only. */
    final void appendEntry(ByteBuffer entry) throws IOException {
        if (entry.remaining() != entrySize) {
            throw new IllegalArgumentException("index entry must be " + entrySize + " bytes: " + entry.remaining());
        }
        int count = entryCount;
        ChannelIO.writeFully(channel, entry, (long) count * entrySize);
        entryCount = count + 1;
    }

    /** Reads entry {@code n} (below {@link #entryCount()}) into a fresh buffer, flipped for reading. */
    final ByteBuffer readEntry(int n) throws IOException {
        ByteBuffer entry = ByteBuffer.allocate(entrySize);
        ChannelIO.readFully(channel, entry, (long) n * entrySize);
        return entry.flip();
    }

    /** Reads every entry in one go (for sanity checks and tests). */
    final ByteBuffer readAll() throws IOException {
        ByteBuffer all = ByteBuffer.allocate(entryCount * entrySize);
        ChannelIO.readFully(channel, all, 0);
        return all.flip();
    }

    /** Drops the entries from {@code count} on. Writer only. */
    final void truncateToEntries(int count) throws IOException {
        if (count < 0 || count > entryCount) {
            throw new IllegalArgumentException("cannot truncate " + entryCount + " entries to " + count);
        }
        channel.truncate((long) count * entrySize);
        entryCount = count;
        onTruncated();
    }

    /** Lets a subclass refresh what it caches about the last entry after a truncation. */
    abstract void onTruncated() throws IOException;

    /** Forces the entries to disk. */
    final void fsync() throws IOException {
        channel.force(false);
    }

    @Override
    public final void close() throws IOException {
        channel.close();
    }
}
