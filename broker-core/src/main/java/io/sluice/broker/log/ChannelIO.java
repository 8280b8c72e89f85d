package io.sluice.broker.log;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Positional read and write loops over a {@link FileChannel}, plus directory fsync. Stateless. */
final class ChannelIO {
    private ChannelIO() {}

    /**
     * Fills {@code dst} from {@code position} on.
     *
     * @throws EOFException if the file ends first
     */
    static void readFully(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new EOFException("file ends at " + at + ", " + dst.remaining() + " bytes short");
            }
            at += n;
        }
    }

    /** Reads as many bytes as are there, up to {@code dst.remaining()}; returns the count. */
    static int readUpTo(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Writes all of {@code src} at {@code position}. */
    static void writeFully(FileChannel channel, ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
    }

    /**
     * Makes a folder's entries (created, renamed or deleted files) durable. Silently skipped where the
     * platform cannot open a folder for reading.
     */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException e) {
            // Not every platform can fsync a folder; the files themselves are still forced.
        }
    }
}
