package io.ticktape.store;

import com.lmax.disruptor.EventHandler;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import io.ticktape.protocol.tick.TickType;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The ring consumer that journals every tick. Ticks are encoded into a batch and the batch is appended as one
 * excerpt when it is full or the ring has nothing more for now (end of batch), so a tick never waits in memory
 * while the ring is idle. Appending allocates nothing.
 * <p>
 * Timers ({@link TickType#TIMER}) are journaled in their place among the ticks, so that a replay feeds the kernel
 * the very event sequence it had live; they are counted apart ({@code journal.timers}, not {@code journal.ticks}).
 */
public final class TickJournal implements EventHandler<Tick>, AutoCloseable
{
    /** Most ticks in one excerpt. */
    public static final int MAX_BATCH = 64;

    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final TickCodec codec = new TickCodec();
    private final byte[] batchBytes = new byte[MAX_BATCH * TickCodec.MAX_ENCODED_LENGTH];
    private final UnsafeBuffer batch = new UnsafeBuffer(batchBytes);
    private final NanoClock clock;
    private final AtomicCounter journaled;
    private final AtomicCounter timers;
    private final AtomicCounter excerpts;
    private final AtomicCounter bytes;
    private final AtomicCounter lastJournaledSeq;
    private int batchLength;
    private int batchCount;
    private int batchTimers;
    private long batchLastSeq;

    /**
     * @param queue    the journal, open for writing; closed with this journal.
     * @param clock    for the envelope's stage timestamp.
     * @param counters where the journal's counters live.
     */
    public TickJournal(final ChronicleQueue queue, final NanoClock clock, final Counters counters)
    {
        this.queue = queue;
        this.appender = queue.createAppender();
        this.clock = clock;
        journaled = counters.newCounter("journal.ticks");
        timers = counters.newCounter("journal.timers");
        excerpts = counters.newCounter("journal.excerpts");
        bytes = counters.newCounter("journal.bytes");
        lastJournaledSeq = counters.newCounter("journal.last_global_seq");
    }

    @Override
    public void onEvent(final Tick tick, final long sequence, final boolean endOfBatch)
    {
        append(tick, endOfBatch);
    }

    /**
     * Add a tick to the current batch, writing the batch out if it is full or if asked to.
     *
     * @param tick  in global sequence order.
     * @param flush true to write the batch now.
     */
    public void append(final Tick tick, final boolean flush)
    {
        final int length = codec.encode(tick, clock.nanoTime(), batch, batchLength);
        if (length > 0)
        {
            batchLength += length;
            batchCount++;
            batchLastSeq = tick.globalSeq;
            if (TickType.TIMER == tick.type)
            {
                batchTimers++;
            }
        }
        if (flush || batchCount == MAX_BATCH)
        {
            flush();
        }
    }

    /**
     * Write the pending batch, if any, as one excerpt.
     */
    public void flush()
    {
        if (0 == batchCount)
        {
            return;
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(batchBytes, 0, batchLength);
        }
        journaled.getAndAddRelease(batchCount - batchTimers);
        if (batchTimers > 0)
        {
            timers.getAndAddRelease(batchTimers);
        }
        excerpts.incrementRelease();
        bytes.getAndAddRelease(batchLength);
        lastJournaledSeq.setRelease(batchLastSeq);
        batchLength = 0;
        batchCount = 0;
        batchTimers = 0;
    }

    /**
     * @return ticks encoded into the batch but not yet written (0 right after a flush). Journal thread only.
     */
    public int pendingTicks()
    {
        return batchCount;
    }

    @Override
    public void onShutdown()
    {
        flush();
    }

    @Override
    public void close()
    {
        flush();
        appender.close();
        queue.close();
    }
}
