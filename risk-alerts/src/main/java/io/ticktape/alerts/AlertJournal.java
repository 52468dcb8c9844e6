package io.ticktape.alerts;

import io.ticktape.store.Journal;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The alert history: every {@code AlertEvent} as one Chronicle Queue excerpt (its SBE bytes, header included) under
 * {@code dataDir/journal/alerts}. Written by the delivery thread only; read by {@code ticktape alerts}.
 */
public final class AlertJournal implements AutoCloseable
{
    /** Folder of the alert journal under the data directory. */
    public static final String FOLDER = "journal/alerts";

    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private byte[] bytes = new byte[1024];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);

    private AlertJournal(final ChronicleQueue queue, final boolean readOnly)
    {
        this.queue = queue;
        this.appender = readOnly ? null : queue.createAppender();
    }

    /**
     * @param dataDir   the data directory.
     * @param rollCycle a Chronicle roll cycle name (as the tick journal's).
     * @return the journal, open for appending.
     */
    public static AlertJournal open(final Path dataDir, final String rollCycle)
    {
        return new AlertJournal(ChronicleQueue.singleBuilder(dataDir.resolve(FOLDER))
            .rollCycle(Journal.rollCycle(rollCycle)).build(), false);
    }

    /**
     * @param dataDir   the data directory.
     * @param rollCycle a Chronicle roll cycle name.
     * @return the journal, open for reading only.
     */
    public static AlertJournal openReadOnly(final Path dataDir, final String rollCycle)
    {
        return new AlertJournal(ChronicleQueue.singleBuilder(dataDir.resolve(FOLDER))
            .rollCycle(Journal.rollCycle(rollCycle)).readOnly(true).build(), true);
    }

    /**
     * @param message an encoded AlertEvent.
     * @param offset  of its header.
     * @param length  of the message.
     */
    public void append(final DirectBuffer message, final int offset, final int length)
    {
        if (length > bytes.length)
        {
            bytes = new byte[length];
            buffer.wrap(bytes);
        }
        message.getBytes(offset, bytes, 0, length);
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(bytes, 0, length);
        }
    }

    /**
     * Read every alert from the start.
     *
     * @param consumer receives each message.
     * @return how many were read.
     */
    public long readAll(final AlertOutput consumer)
    {
        long count = 0;
        try (ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> excerpt = dc.wire().bytes();
                    final int length = (int)excerpt.readRemaining();
                    if (length > bytes.length)
                    {
                        bytes = new byte[length];
                        buffer.wrap(bytes);
                    }
                    excerpt.read(bytes, 0, length);
                    consumer.onAlert(buffer, 0, length);
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public void close()
    {
        queue.close();
    }
}
