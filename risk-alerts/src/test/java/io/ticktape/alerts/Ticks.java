package io.ticktape.alerts;

import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;

/**
 * Builds ring ticks for tests, numbering them with a dense global sequence.
 */
final class Ticks
{
    static final long START_NS = 1_767_623_400_000_000_000L;
    static final long MS = 1_000_000L;

    private long seq;

    Tick instrument(final int id, final String symbol, final int exponent)
    {
        final Tick tick = next(TickType.INSTRUMENT, START_NS);
        tick.instrumentId = id;
        tick.priceExponent = exponent;
        tick.tickSizeMantissa = 1;
        tick.symbol(symbol);
        return tick;
    }

    Tick trade(final int id, final long timeNs, final long price, final long size)
    {
        final Tick tick = next(TickType.TRADE, timeNs);
        tick.instrumentId = id;
        tick.priceMantissa = price;
        tick.size = size;
        tick.tradeId = seq;
        return tick;
    }

    Tick quote(final int id, final long timeNs, final long bid, final long ask)
    {
        final Tick tick = next(TickType.QUOTE, timeNs);
        tick.instrumentId = id;
        tick.bidPriceMantissa = bid;
        tick.bidSize = 10;
        tick.askPriceMantissa = ask;
        tick.askSize = 10;
        return tick;
    }

    Tick gap(final int channel, final long fromLineSeq, final long toLineSeq)
    {
        final Tick tick = next(TickType.GAP, 0);
        tick.channelId = channel;
        tick.lineSeq = fromLineSeq;
        tick.gapToLineSeq = toLineSeq;
        return tick;
    }

    Tick channelStatus(final int channel, final boolean stale)
    {
        final Tick tick = next(TickType.CHANNEL_STATUS, 0);
        tick.channelId = channel;
        tick.channelStale = stale;
        return tick;
    }

    long lastSeq()
    {
        return seq;
    }

    private Tick next(final int type, final long timeNs)
    {
        final Tick tick = new Tick();
        tick.type = type;
        tick.globalSeq = ++seq;
        tick.channelId = 1;
        tick.lineSeq = seq;
        tick.exchangeTimeNs = timeNs;
        return tick;
    }
}
