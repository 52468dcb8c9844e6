package io.ticktape.feed.mdp3;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Keeps a copy of every tick and counts frames; accepts every frame unless told otherwise.
 */
final class RecordingHandler implements MarketDataHandler
{
    final List<Tick> ticks = new ArrayList<>();
    /** Provisional definitions (no symbol) the decoder emits before a security's first trade or quote. */
    final List<Tick> provisional = new ArrayList<>();
    /** Only for decoders that emit provisional definitions; the others' empty-symbol definitions are real ones. */
    boolean recordProvisionalApart;
    final Map<Long, Long> sendingTimes = new HashMap<>();
    private final LongPredicate acceptLineSeq;
    int frames;

    RecordingHandler()
    {
        this(lineSeq -> true);
    }

    RecordingHandler(final LongPredicate acceptLineSeq)
    {
        this.acceptLineSeq = acceptLineSeq;
    }

    @Override
    public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
    {
        frames++;
        sendingTimes.put(lineSeq, sendingTimeNs);
        return acceptLineSeq.test(lineSeq);
    }

    @Override
    public void onTick(final Tick tick)
    {
        if (recordProvisionalApart && tick.type == TickType.INSTRUMENT && tick.symbolLength == 0)
        {
            provisional.add(new Tick().copyFrom(tick));
            return;
        }
        ticks.add(new Tick().copyFrom(tick));
    }

    List<Tick> ofType(final int type)
    {
        final List<Tick> selected = new ArrayList<>();
        for (final Tick tick : ticks)
        {
            if (tick.type == type)
            {
                selected.add(tick);
            }
        }
        return selected;
    }

    List<Tick> trades()
    {
        return ofType(TickType.TRADE);
    }

    List<Tick> quotes()
    {
        return ofType(TickType.QUOTE);
    }

    List<Tick> instruments()
    {
        return ofType(TickType.INSTRUMENT);
    }
}
