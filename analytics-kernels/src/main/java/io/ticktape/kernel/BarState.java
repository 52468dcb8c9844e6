package io.ticktape.kernel;

import io.ticktape.kernel.ops.Int128;

/**
 * One instrument's bar being built for one interval.
 */
final class BarState
{
    final long intervalNs;
    boolean open;
    long openTimeNs;
    long openMantissa;
    long highMantissa;
    long lowMantissa;
    long closeMantissa;
    long volume;
    long tradeCount;
    long firstTradeNs;
    long lastTradeNs;
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
        open = true;
        this.openTimeNs = openTimeNs;
        openMantissa = priceMantissa;
        highMantissa = priceMantissa;
        lowMantissa = priceMantissa;
        closeMantissa = priceMantissa;
        volume = size;
        tradeCount = 1;
        firstTradeNs = timeNs;
        lastTradeNs = timeNs;
        notional.reset();
        notional.addProduct(priceMantissa, size);
    }

    void update(final long priceMantissa, final long size, final long timeNs)
    {
        highMantissa = Math.max(highMantissa, priceMantissa);
        lowMantissa = Math.min(lowMantissa, priceMantissa);
        closeMantissa = priceMantissa;
        volume += size;
        tradeCount++;
        lastTradeNs = timeNs;
        notional.addProduct(priceMantissa, size);
    }

    double vwap()
    {
        return volume == 0 ? Double.NaN : notional.toDouble() / volume;
    }
}
