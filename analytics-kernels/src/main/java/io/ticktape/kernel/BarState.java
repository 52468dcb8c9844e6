package io.ticktape.kernel;

import io.ticktape.kernel.ops.Int128;

/**
 * One instrument's time bar for one interval: the bar being built, a closed bar kept for revision, or a filled bar
 * (no trades: open = high = low = close = the previous close, volume 0).
 */
final class BarState
{
    final long intervalNs;
    /** Whether this slot holds a bar at all (slots of a {@link BarSeries} start empty). */
    boolean valid;
    long openTimeNs;
    long openMantissa;
    long highMantissa;
    long lowMantissa;
    long closeMantissa;
    long volume;
    long tradeCount;
    long firstTradeNs;
    long lastTradeNs;
    int revision;
    /** Tick time at or after which the next in-progress snapshot of this bar may be published. */
    long nextProgressNs;
    final Int128 notional = new Int128();

    BarState(final long intervalNs)
    {
        this.intervalNs = intervalNs;
    }

    /**
     * Start of the calendar-aligned interval holding a timestamp (floor, so pre-1970 times align too).
     */
    long alignedOpen(final long timeNs)
    {
        return timeNs - Math.floorMod(timeNs, intervalNs);
    }

    void start(final long openTimeNs, final long priceMantissa, final long size, final long timeNs)
    {
        valid = true;
        this.openTimeNs = openTimeNs;
        openMantissa = priceMantissa;
        highMantissa = priceMantissa;
        lowMantissa = priceMantissa;
        closeMantissa = priceMantissa;
        volume = size;
        tradeCount = 1;
        firstTradeNs = timeNs;
        lastTradeNs = timeNs;
        revision = 0;
        nextProgressNs = Long.MIN_VALUE;
        notional.reset();
        notional.addProduct(priceMantissa, size);
    }

    /**
     * A filled bar: an interval without trades carrying the previous close.
     */
    void fill(final long openTimeNs, final long closeMantissa)
    {
        valid = true;
        this.openTimeNs = openTimeNs;
        openMantissa = closeMantissa;
        highMantissa = closeMantissa;
        lowMantissa = closeMantissa;
        this.closeMantissa = closeMantissa;
        volume = 0;
        tradeCount = 0;
        firstTradeNs = 0;
        lastTradeNs = 0;
        revision = 0;
        notional.reset();
    }

    /**
     * Re-price a filled bar after the close before it was revised.
     */
    void refill(final long closeMantissa)
    {
        openMantissa = closeMantissa;
        highMantissa = closeMantissa;
        lowMantissa = closeMantissa;
        this.closeMantissa = closeMantissa;
        revision++;
    }

    /**
     * Add a trade in exchange-time order: it becomes the open if strictly earlier than the first trade, the close if
     * not earlier than the last (equal times: the later arrival closes), so a late trade lands where its time says.
     */
    void add(final long priceMantissa, final long size, final long timeNs)
    {
        highMantissa = Math.max(highMantissa, priceMantissa);
        lowMantissa = Math.min(lowMantissa, priceMantissa);
        if (timeNs >= lastTradeNs)
        {
            closeMantissa = priceMantissa;
            lastTradeNs = timeNs;
        }
        if (timeNs < firstTradeNs)
        {
            openMantissa = priceMantissa;
            firstTradeNs = timeNs;
        }
        volume += size;
        tradeCount++;
        notional.addProduct(priceMantissa, size);
    }

    double vwap()
    {
        return volume == 0 ? Double.NaN : notional.toDouble() / volume;
    }
}
