package io.ticktape.feed.mdp3;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.collections.IntHashSet;

/**
 * Makes the normalized stream self-describing: the first trade or quote of a security whose definition has not been
 * seen (definitions come on a separate CME channel, which a capture may not hold) is preceded by a provisional
 * instrument tick with the PRICE9 exponent and no symbol, so the kernel, the journal and exports know how to read
 * its prices. A real definition arriving later supersedes it.
 */
final class ProvisionalDefinitions implements MarketDataHandler
{
    private final MarketDataHandler delegate;
    private final IntHashSet known = new IntHashSet();
    private final Tick provisional = new Tick();

    ProvisionalDefinitions(final MarketDataHandler delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
    {
        return delegate.onFrame(channelId, lineSeq, sendingTimeNs, receiveNs);
    }

    @Override
    public void onTick(final Tick tick)
    {
        if (tick.type == TickType.INSTRUMENT)
        {
            known.add(tick.instrumentId);
        }
        else if (known.add(tick.instrumentId))
        {
            provisional.type = TickType.INSTRUMENT;
            provisional.channelId = tick.channelId;
            provisional.lineSeq = tick.lineSeq;
            provisional.receiveNs = tick.receiveNs;
            provisional.instrumentId = tick.instrumentId;
            provisional.exchangeTimeNs = tick.exchangeTimeNs;
            provisional.priceExponent = Prices9.EXPONENT;
            provisional.tickSizeMantissa = 0;
            provisional.symbolLength = 0;
            java.util.Arrays.fill(provisional.symbol, (byte)0);
            delegate.onTick(provisional);
        }
        delegate.onTick(tick);
    }
}
