package io.ticktape.perf;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;

import java.util.function.Consumer;

/**
 * The ticks of a {@link FrameTape}, decoded once and numbered as the sequencer would number them, for benchmarks of
 * a single ring consumer. Like the frame tape, {@link #nextLap()} moves global sequence and exchange time on by a
 * lap so that a consumer sees one endless stream in order.
 */
final class TickTape
{
    private final Tick[] ticks;
    private int cursor;
    private final long spanNs;

    /**
     * @param frames         to decode.
     * @param firstGlobalSeq global sequence of the first tick.
     */
    TickTape(final FrameTape frames, final long firstGlobalSeq)
    {
        ticks = new Tick[frames.messageCount()];
        final long[] nextSeq = { firstGlobalSeq };
        final int[] count = { 0 };
        final TicktapeFeedDecoder decoder = new TicktapeFeedDecoder(
            new TickHandler(
                (tick) ->
                {
                    final Tick copy = new Tick().copyFrom(tick);
                    copy.globalSeq = nextSeq[0]++;
                    copy.sequencedNs = tick.receiveNs;
                    ticks[count[0]++] = copy;
                }),
            new Counters(), "tape");
        long minTimeNs = Long.MAX_VALUE;
        long maxTimeNs = Long.MIN_VALUE;
        for (int i = 0; i < frames.frameCount(); i++)
        {
            decoder.onFrame(frames.buffer(), frames.offset(i), frames.length(i), System.nanoTime());
        }
        if (count[0] != ticks.length)
        {
            throw new IllegalStateException("decoded " + count[0] + " ticks from " + ticks.length + " messages");
        }
        for (final Tick tick : ticks)
        {
            minTimeNs = Math.min(minTimeNs, tick.exchangeTimeNs);
            maxTimeNs = Math.max(maxTimeNs, tick.exchangeTimeNs);
        }
        spanNs = maxTimeNs - minTimeNs + 1;
    }

    int size()
    {
        return ticks.length;
    }

    Tick tick(final int index)
    {
        return ticks[index];
    }

    /**
     * The tape as an endless stream: the tick after the one returned last, the whole tape moved on by a lap
     * ({@link #nextLap()}) each time it starts again, so that sequence numbers and exchange times keep rising.
     *
     * @return the next tick, to be used before the next call.
     */
    Tick next()
    {
        if (cursor == ticks.length)
        {
            cursor = 0;
            nextLap();
        }
        return ticks[cursor++];
    }

    /**
     * Move every tick on by one lap: global sequence by {@link #size()}, exchange time by the lap's span.
     */
    void nextLap()
    {
        final long seqStep = ticks.length;
        for (final Tick tick : ticks)
        {
            tick.globalSeq += seqStep;
            tick.exchangeTimeNs += spanNs;
        }
    }

    /**
     * Hands every tick of every frame to a consumer, bypassing the sequencer (set-up only: the consumer may allocate).
     */
    static final class TickHandler implements MarketDataHandler
    {
        private final Consumer<Tick> consumer;

        TickHandler(final Consumer<Tick> consumer)
        {
            this.consumer = consumer;
        }

        @Override
        public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
        {
            return true;
        }

        @Override
        public void onTick(final Tick tick)
        {
            consumer.accept(tick);
        }
    }
}
