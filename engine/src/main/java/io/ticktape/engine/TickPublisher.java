package io.ticktape.engine;

import com.lmax.disruptor.EventHandler;
import io.ticktape.client.PublicationProxy;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import io.ticktape.protocol.tick.TickType;
import org.agrona.AsciiSequenceView;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ring consumer that publishes every sequenced tick on the ticks stream, as the same SBE messages the
 * journal holds. It also times two stages (receive to sequenced, receive to published) and passes the rare
 * events people want to see (gaps, channel status, instrument definitions) to {@link RecentEvents}. Allocation
 * free.
 */
final class TickPublisher implements EventHandler<Tick>
{
    private final TickCodec codec = new TickCodec();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH]);
    private final UnsafeBuffer symbol = new UnsafeBuffer(new byte[Tick.SYMBOL_CAPACITY]);
    private final AsciiSequenceView symbolView = new AsciiSequenceView();
    private final PublicationProxy proxy;
    private final NanoClock clock;
    private final LatencyStats sequenced;
    private final LatencyStats published;
    private final RecentEvents events;

    TickPublisher(
        final PublicationProxy proxy,
        final NanoClock clock,
        final LatencyStats sequenced,
        final LatencyStats published,
        final RecentEvents events)
    {
        this.proxy = proxy;
        this.clock = clock;
        this.sequenced = sequenced;
        this.published = published;
        this.events = events;
    }

    @Override
    public void onEvent(final Tick tick, final long sequence, final boolean endOfBatch)
    {
        if (TickType.TIMER == tick.type)
        {
            // Journaled for replays through the kernel, but no tick for subscribers: it repeats the last tick's
            // global sequence number, by which subscribers and replay-merge tell ticks apart.
            return;
        }
        final int length = codec.encode(tick, clock.nanoTime(), scratch, 0);
        if (length > 0)
        {
            proxy.offer(scratch, 0, length);
        }
        final long receiveNs = tick.receiveNs;
        if (0 != receiveNs)
        {
            sequenced.record(tick.sequencedNs - receiveNs);
            published.record(clock.nanoTime() - receiveNs);
        }
        if (tick.type >= TickType.GAP || tick.type == TickType.INSTRUMENT)
        {
            onEvent(tick);
        }
    }

    private void onEvent(final Tick tick)
    {
        final long nowNs = clock.nanoTime();
        switch (tick.type)
        {
            case TickType.GAP:
                final long missing = tick.gapToLineSeq - tick.lineSeq + 1;
                events.offer(RecentEvents.GAP, nowNs, tick.channelId, tick.lineSeq,
                    (int)Math.max(0, Math.min(Integer.MAX_VALUE, missing)));
                break;
            case TickType.CHANNEL_STATUS:
                events.offer(RecentEvents.CHANNEL_STATUS, nowNs, tick.channelId, tick.eventNs,
                    tick.channelStale ? 1 : 0);
                break;
            case TickType.INSTRUMENT:
                symbol.putBytes(0, tick.symbol, 0, tick.symbolLength);
                events.offer(RecentEvents.INSTRUMENT, nowNs, tick.instrumentId,
                    symbolView.wrap(symbol, 0, tick.symbolLength));
                break;
            default:
                break;
        }
    }
}
