package io.ticktape.replay;

import io.ticktape.store.TickJournal;
import io.ticktape.store.TickMessages;
import io.ticktape.protocol.tick.TickCodec;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Instant;

/**
 * The first and last tick of a journal, by sequence and exchange time, read from a few excerpts at each end: what a
 * replay range is checked against before it starts.
 *
 * @param firstSeq    first global sequence, 0 when empty.
 * @param lastSeq     last global sequence (of a whole tick), 0 when empty.
 * @param firstTimeNs first exchange time, {@link TickMessages#NO_TIME} if none was found near the start.
 * @param lastTimeNs  last exchange time, {@link TickMessages#NO_TIME} if none was found near the end.
 */
public record JournalBounds(long firstSeq, long lastSeq, long firstTimeNs, long lastTimeNs)
{
    private static final int MAX_EXCERPTS_LOOKED_AT = 1024;

    /**
     * @param queue the journal; not closed.
     * @return its bounds.
     */
    public static JournalBounds of(final ChronicleQueue queue)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickJournal.MAX_BATCH * TickCodec.MAX_ENCODED_LENGTH]);
        final long[] first = { 0, TickMessages.NO_TIME };
        final long[] last = { 0, TickMessages.NO_TIME };
        try (ExcerptTailer forward = queue.createTailer())
        {
            for (int i = 0; i < MAX_EXCERPTS_LOOKED_AT && first[1] == TickMessages.NO_TIME; i++)
            {
                if (!scan(forward, buffer, first, true))
                {
                    break;
                }
            }
        }
        try (ExcerptTailer backward = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd())
        {
            for (int i = 0; i < MAX_EXCERPTS_LOOKED_AT && (last[0] == 0 || last[1] == TickMessages.NO_TIME); i++)
            {
                if (!scan(backward, buffer, last, false))
                {
                    break;
                }
            }
        }
        return new JournalBounds(first[0], last[0], first[1], last[1]);
    }

    private static boolean scan(final ExcerptTailer tailer, final UnsafeBuffer buffer, final long[] found,
        final boolean keepFirst)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)Math.min(bytes.readRemaining(), buffer.capacity());
            bytes.read(buffer.byteArray(), 0, length);
            int position = 0;
            while (position < length)
            {
                final int messageLength = TickMessages.length(buffer, position, length - position);
                if (messageLength <= 0)
                {
                    break; // a torn tail: the whole ticks before it count
                }
                if (TickMessages.isTimer(buffer, position))
                {
                    position += messageLength; // repeats the last tick's number and has no time of its own
                    continue;
                }
                final long seq = TickMessages.globalSeq(buffer, position);
                final long timeNs = TickMessages.exchangeTimeNs(buffer, position);
                if (keepFirst)
                {
                    found[0] = 0 == found[0] ? seq : found[0];
                    if (found[1] == TickMessages.NO_TIME && timeNs != TickMessages.NO_TIME)
                    {
                        found[1] = timeNs;
                    }
                }
                else
                {
                    // Walking backwards excerpt by excerpt: within one, the last whole tick wins, and an earlier
                    // excerpt only fills in what later ones lacked.
                    if (seq > found[0])
                    {
                        found[0] = seq;
                    }
                    if (timeNs != TickMessages.NO_TIME && (found[1] == TickMessages.NO_TIME || timeNs > found[1]))
                    {
                        found[1] = timeNs;
                    }
                }
                position += messageLength;
            }
            return true;
        }
    }

    /**
     * @return true when the journal holds no whole tick.
     */
    public boolean isEmpty()
    {
        return 0 == lastSeq;
    }

    /**
     * @param point a start.
     * @return true if the point is after the last tick.
     */
    public boolean isAfterEnd(final ReplayPoint point)
    {
        return point.bySeq() ? point.value() > lastSeq :
            lastTimeNs != TickMessages.NO_TIME && point.value() > lastTimeNs;
    }

    /**
     * @param point an end.
     * @return true if the point is before the first tick.
     */
    public boolean isBeforeStart(final ReplayPoint point)
    {
        return point.bySeq() ? point.value() < firstSeq :
            firstTimeNs != TickMessages.NO_TIME && point.value() < firstTimeNs;
    }

    /**
     * @return e.g. {@code seq 1..5000, 2026-01-02T14:30:00Z..2026-01-02T14:31:00Z}.
     */
    public String describe()
    {
        return "seq " + firstSeq + ".." + lastSeq + ", " + time(firstTimeNs) + ".." + time(lastTimeNs);
    }

    private static String time(final long epochNs)
    {
        return epochNs == TickMessages.NO_TIME ? "?" : Instant.ofEpochSecond(0, epochNs) + " (" + epochNs + ")";
    }
}
