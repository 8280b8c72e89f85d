package io.sluice.broker.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segments of one partition folder and brings them to a consistent state: the recovery
 * procedure of docs/storage.md.
 *
 * <ol>
 *   <li>Index files without a log file are deleted.
 *   <li>Segments are opened in base-offset order.
 *   <li>After an unclean shutdown, every segment from the one holding the recovery point on is
 *       re-validated batch by batch; the first invalid byte ends the log: that segment is truncated
 *       there, its indexes rebuilt, and all later segments deleted.
 *   <li>Segments below that (or all, after a clean shutdown) are trusted: their indexes are
 *       sanity-checked and, if missing or inconsistent, rebuilt from the log. Invalid data found
 *       while rebuilding such a segment fails the open: it was durable, and dropping it (and
 *       everything after it) silently would lose acknowledged records.
 *   <li>The last segment is forced to disk, so the whole recovered log is durable.
 * </ol>
 *
 * <p>Not thread-safe; runs once per log, before the log is published.
 */
final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);
    private static final Pattern SEGMENT_FILE = Pattern.compile("(\\d{20})\\.(log|index|timeindex)");

    private final Path dir;
    private final TopicPartition partition;
    private final LogConfig config;
    private final FileOpener opener;
    private final RecoveryInfo info;

    LogLoader(Path dir, TopicPartition partition, LogConfig config, FileOpener opener, RecoveryInfo info) {
        this.dir = dir;
        this.partition = partition;
        this.config = config;
        this.opener = opener;
        this.info = info;
    }

    /** Opens the folder's segments, recovered; the list is never empty. */
    List<LogSegment> load() throws IOException {
        Files.createDirectories(dir);
        TreeSet<Long> bases = scanFolder();
        List<LogSegment> segments = new ArrayList<>();
        try {
            for (long base : bases) {
                segments.add(LogSegment.open(dir, base, opener, config.indexIntervalBytes()));
            }
            if (segments.isEmpty()) {
                long base = Math.max(0, info.logStartOffset());
                segments.add(LogSegment.open(dir, base, opener, config.indexIntervalBytes()));
                ChannelIO.fsyncDirectory(dir);
            }
            recover(segments);
            segments.get(segments.size() - 1).fsyncAll();
            return segments;
        } catch (IOException | RuntimeException e) {
            segments.forEach(LogSegment::release);
            throw e;
        }
    }

    private TreeSet<Long> scanFolder() throws IOException {
        TreeSet<Long> logs = new TreeSet<>();
        List<Path> indexes = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Matcher m = SEGMENT_FILE.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    LOG.warn("ignoring unexpected file {} in the log of {}", file, partition);
                } else if (m.group(2).equals("log")) {
                    logs.add(Long.parseLong(m.group(1)));
                } else {
                    indexes.add(file);
                }
            }
        }
        for (Path index : indexes) {
            String name = index.getFileName().toString();
            long base = Long.parseLong(name.substring(0, 20));
            if (!logs.contains(base)) {
                LOG.info("deleting index {} of {}: its segment is gone", index, partition);
                Files.deleteIfExists(index);
            }
        }
        return logs;
    }

    private void recover(List<LogSegment> segments) throws IOException {
        int firstToRecover = firstSegmentToRecover(segments);
        for (int i = 0; i < segments.size(); i++) {
            LogSegment segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (i >= firstToRecover) {
                LogSegment.RecoveryOutcome outcome = segment.recover(config.maxBatchBytes());
                boolean joins =
                        last || outcome.nextOffset() == segments.get(i + 1).baseOffset();
                if (outcome.problem() != null || !joins) {
                    reportTruncation(segment, outcome, joins);
                    i = dropFrom(segments, i + 1);
                    continue;
                }
                if (!last) {
                    segment.seal();
                }
            } else {
                String problem =
                        segment.loadState(last ? -1 : segments.get(i + 1).baseOffset());
                if (problem != null) {
                    rebuildTrusted(
                            segment, problem, last ? -1 : segments.get(i + 1).baseOffset());
                }
            }
        }
    }

    private int firstSegmentToRecover(List<LogSegment> segments) {
        if (info.cleanShutdown()) {
            return segments.size();
        }
        if (info.recoveryPoint() < 0) {
            return 0;
        }
        int index = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).baseOffset() <= info.recoveryPoint()) {
                index = i;
            }
        }
        return index;
    }

    private void reportTruncation(LogSegment segment, LogSegment.RecoveryOutcome outcome, boolean joins) {
        String why = outcome.problem() != null ? outcome.problem() : "the next segment does not follow on";
        if (outcome.nextOffset() < info.recoveryPoint()) {
            LOG.error(
                    "recovery of {} cut the log at offset {}, below the recovery point {}: data that was durable"
                            + " is damaged ({}); {} bytes dropped",
                    partition,
                    outcome.nextOffset(),
                    info.recoveryPoint(),
                    why,
                    outcome.truncatedBytes());
        } else {
            LOG.warn(
                    "recovery of {} truncated {} to {} bytes, log end offset {}: {} ({} bytes dropped)",
                    partition,
                    segment.logPath().getFileName(),
                    outcome.validBytes(),
                    outcome.nextOffset(),
                    why,
                    outcome.truncatedBytes());
        }
    }

    /** Deletes the segments from index {@code from} on; returns the index to continue the loop at. */
    private int dropFrom(List<LogSegment> segments, int from) throws IOException {
        while (segments.size() > from) {
            LogSegment doomed = segments.remove(segments.size() - 1);
            LOG.warn("recovery of {} deletes segment {}: it follows the end of the valid log", partition, doomed);
            doomed.deleteFiles();
        }
        ChannelIO.fsyncDirectory(dir);
        return segments.size();
    }

    private void rebuildTrusted(LogSegment segment, String problem, long nextBaseOffset) throws IOException {
        LOG.warn("rebuilding the indexes of {} in {}: {}", segment.logPath().getFileName(), partition, problem);
        LogSegment.RecoveryOutcome outcome = segment.recover(config.maxBatchBytes());
        String damage = outcome.problem();
        if (damage == null && nextBaseOffset >= 0 && outcome.nextOffset() != nextBaseOffset) {
            damage = "it ends at offset " + outcome.nextOffset() + " but the next segment starts at " + nextBaseOffset;
        }
        if (damage != null) {
            throw new LogStorageException(
                    "segment below the recovery point holds invalid data (" + damage
                            + "); refusing to drop durable records. Restore the file or move it and the"
                            + " segments after it away to accept the loss",
                    segment.logPath());
        }
        if (nextBaseOffset >= 0) {
            segment.seal();
        } else {
            segment.fsyncAll();
        }
    }
}
