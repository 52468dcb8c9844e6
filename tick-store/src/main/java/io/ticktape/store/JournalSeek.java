package io.ticktape.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.NavigableSet;

/**
 * Finds where to start reading the journal for a global sequence number or an exchange time, by binary search over
 * the Chronicle Queue index: first over the roll cycles (files), then over the excerpts of one cycle, reading only the
 * first tick of each probed excerpt. The caller then reads from the returned excerpt and skips, within it (at most
 * {@link TickJournal#MAX_BATCH} ticks), those before the target. Nothing is scanned in full.
 * <p>
 * Sequence numbers ascend through the journal. Time search assumes exchange times that do not go backwards from one
 * excerpt to the next (true of one sequenced feed; a merged multi-venue journal is only roughly ordered, and the
 * search then lands near, not exactly at, the first tick at the time). Excerpts whose first messages carry no time
 * (instrument definitions, gaps) count as earlier than every time.
 * <p>
 * Not thread safe: one instance per reading thread. Opens a tailer of its own on the queue, which the caller owns.
 */
public final class JournalSeek implements AutoCloseable
{
    /** Returned by the searches for an empty journal. */
    public static final long NO_INDEX = -1;

    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private byte[] bytes = new byte[TickJournal.MAX_BATCH * io.ticktape.protocol.tick.TickCodec.MAX_ENCODED_LENGTH];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);

    /**
     * @param queue the journal, open for reading; not closed by this.
     */
    public JournalSeek(final ChronicleQueue queue)
    {
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    /**
     * The excerpt to read from to find the tick with a global sequence number: the last excerpt whose first tick is
     * at or before it (the first excerpt when the number is before the journal).
     *
     * @param globalSeq the sequence number wanted.
     * @return a Chronicle index for {@link ExcerptTailer#moveToIndex}, or {@link #NO_INDEX} for an empty journal.
     */
    public long indexForSeq(final long globalSeq)
    {
        return search(globalSeq, false);
    }

    /**
     * The excerpt to read from to find the first tick at or after an exchange time: the last excerpt whose first
     * timed tick is strictly before it (the first excerpt when none is).
     *
     * @param exchangeTimeNs epoch nanoseconds.
     * @return a Chronicle index for {@link ExcerptTailer#moveToIndex}, or {@link #NO_INDEX} for an empty journal.
     */
    public long indexForTime(final long exchangeTimeNs)
    {
        return search(exchangeTimeNs, true);
    }

    /**
     * @return index of the first excerpt, or {@link #NO_INDEX} for an empty journal.
     */
    public long firstIndex()
    {
        queue.refreshDirectoryListing();
        tailer.toStart();
        try (DocumentContext dc = tailer.readingDocument())
        {
            return dc.isPresent() ? dc.index() : NO_INDEX;
        }
    }

    /**
     * Summary of the first tick of an excerpt.
     *
     * @param index of the excerpt.
     * @param time  true for the exchange time of its first timed tick, false for its first global sequence.
     * @return the key, {@link Long#MIN_VALUE} if the excerpt holds no such tick, {@link Long#MAX_VALUE} if there is
     * no excerpt at the index.
     */
    public long firstKey(final long index, final boolean time)
    {
        if (!tailer.moveToIndex(index))
        {
            return Long.MAX_VALUE;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return Long.MAX_VALUE;
            }
            return key(dc.wire().bytes(), time);
        }
    }

    private long search(final long target, final boolean time)
    {
        queue.refreshDirectoryListing();
        final long first = firstIndex();
        if (NO_INDEX == first)
        {
            return NO_INDEX;
        }
        final RollCycle rollCycle = queue.rollCycle();
        final long[] cycles = cycles(rollCycle.toCycle(first));

        // The last cycle whose first excerpt is before the target; cycles ascend like the excerpts in them.
        int lo = 0;
        int hi = cycles.length - 1;
        int found = 0;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long cycleFirst = firstIndexOfCycle((int)cycles[mid]);
            if (cycleFirst != NO_INDEX && before(firstKey(cycleFirst, time), target, time))
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        final int cycle = (int)cycles[found];
        final long cycleFirst = firstIndexOfCycle(cycle);
        if (NO_INDEX == cycleFirst)
        {
            return first;
        }
        final long count = Math.max(1, tailer.excerptsInCycle(cycle));
        long seqLo = rollCycle.toSequenceNumber(cycleFirst);
        long seqHi = seqLo + count - 1;
        long best = seqLo;
        while (seqLo <= seqHi)
        {
            final long mid = (seqLo + seqHi) >>> 1;
            final long key = firstKey(rollCycle.toIndex(cycle, mid), time);
            if (key != Long.MAX_VALUE && before(key, target, time))
            {
                best = mid;
                seqLo = mid + 1;
            }
            else
            {
                seqHi = mid - 1;
            }
        }
        return rollCycle.toIndex(cycle, best);
    }

    private static boolean before(final long key, final long target, final boolean time)
    {
        // Sequence: an excerpt starting at the target holds it. Time: ticks at the target may begin in the excerpt
        // before one that starts exactly at it, so only strictly earlier excerpts qualify.
        return time ? key < target : key <= target;
    }

    private long[] cycles(final int firstCycle)
    {
        if (queue instanceof SingleChronicleQueue)
        {
            final SingleChronicleQueue single = (SingleChronicleQueue)queue;
            final NavigableSet<Long> set = single.listCyclesBetween(firstCycle, single.lastCycle());
            final long[] cycles = new long[set.size()];
            int i = 0;
            for (final Long cycle : set)
            {
                cycles[i++] = cycle;
            }
            if (cycles.length > 0)
            {
                return cycles;
            }
        }
        return new long[]{ firstCycle };
    }

    private long firstIndexOfCycle(final int cycle)
    {
        if (!tailer.moveToCycle(cycle))
        {
            return NO_INDEX;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            return dc.isPresent() && queue.rollCycle().toCycle(dc.index()) == cycle ? dc.index() : NO_INDEX;
        }
    }

    private long key(final Bytes<?> excerpt, final boolean time)
    {
        final int length = (int)excerpt.readRemaining();
        if (length > bytes.length)
        {
            bytes = new byte[length];
            buffer.wrap(bytes);
        }
        excerpt.read(bytes, 0, length);
        int position = 0;
        while (position < length)
        {
            final int messageLength = TickMessages.length(buffer, position, length - position);
            if (messageLength <= 0)
            {
                break;
            }
            if (!time)
            {
                // A timer repeats the number of the tick before it (in an earlier excerpt): what it starts is the
                // next tick, so an excerpt opening with one must not be taken for the one holding that number.
                final long seq = TickMessages.globalSeq(buffer, position);
                return TickMessages.isTimer(buffer, position) ? seq + 1 : seq;
            }
            final long timeNs = TickMessages.exchangeTimeNs(buffer, position);
            if (timeNs != TickMessages.NO_TIME)
            {
                return timeNs;
            }
            position += messageLength;
        }
        return Long.MIN_VALUE;
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
