package io.ticktape.engine;

import com.lmax.disruptor.EventHandler;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.TickJournal;
import org.agrona.concurrent.NanoClock;

/**
 * The journal as a ring consumer, timed: a tick counts as journaled when the excerpt holding it has been written,
 * so the receive times of a batch's ticks wait here until the journal flushes. Allocation free.
 */
final class JournalStage implements EventHandler<Tick>
{
    private final TickJournal journal;
    private final LatencyStats journaled;
    private final NanoClock clock;
    private final long[] receiveNs = new long[TickJournal.MAX_BATCH + 1];
    private int pending;

    JournalStage(final TickJournal journal, final LatencyStats journaled, final NanoClock clock)
    {
        this.journal = journal;
        this.journaled = journaled;
        this.clock = clock;
    }

    @Override
    public void onEvent(final Tick tick, final long sequence, final boolean endOfBatch)
    {
        // A timer is journaled too, but it is no received tick: its latency would only flatter the figures.
        if (pending < receiveNs.length && TickType.TIMER != tick.type)
        {
            receiveNs[pending++] = tick.receiveNs;
        }
        journal.onEvent(tick, sequence, endOfBatch);
        if (0 == journal.pendingTicks())
        {
            final long nowNs = clock.nanoTime();
            for (int i = 0; i < pending; i++)
            {
                journaled.record(nowNs - receiveNs[i]);
            }
            pending = 0;
        }
    }

    @Override
    public void onStart()
    {
        journal.onStart();
    }

    @Override
    public void onShutdown()
    {
        journal.onShutdown();
    }
}
