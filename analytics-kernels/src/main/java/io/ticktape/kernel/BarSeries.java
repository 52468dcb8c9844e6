package io.ticktape.kernel;

import io.ticktape.kernel.ops.TimeBarFiller;

/**
 * One instrument's time bars of one interval: the open bar and the recent closed ones, kept for revision by late
 * trades. Bars live in a ring indexed by interval number ({@code floor(openTime / interval)} modulo its length), sized
 * by {@link BarConfiguration#historyBars} so that every interval a trade within the lateness bound can fall in has its
 * own slot: finding a bar is one division, keeping one costs nothing, and nothing is allocated after construction.
 */
final class BarSeries
{
    /**
     * Where bars go, with the kernel's counters.
     */
    interface Output
    {
        void publishBar(InstrumentState state, BarState bar, long globalSeq, boolean closed);

        void onBarClosed();

        void onBarFilled();

        void onFillSkipped(long intervals);

        void onBarRevised();
    }

    final long intervalNs;
    private final InstrumentState state;
    private final BarState[] slots;
    /** The bar of the clock's current interval, or null. */
    BarState open;
    /** Open time of the newest interval published as closed (real or filled), or Long.MIN_VALUE before any. */
    private long lastPublishedOpenNs = Long.MIN_VALUE;
    /** Close of the bar at {@link #lastPublishedOpenNs}: what the next filled bar carries. */
    private long lastCloseMantissa;

    BarSeries(final InstrumentState state, final long intervalNs, final int historyBars)
    {
        this.state = state;
        this.intervalNs = intervalNs;
        slots = new BarState[historyBars];
        for (int i = 0; i < historyBars; i++)
        {
            slots[i] = new BarState(intervalNs);
        }
    }

    private BarState slot(final long openNs)
    {
        return slots[(int)Math.floorMod(Math.floorDiv(openNs, intervalNs), (long)slots.length)];
    }

    /**
     * The clock has entered the interval opening at {@code clockOpenNs}: close the open bar if it is older, then fill
     * the empty intervals before the clock's one when a filler is given.
     */
    void onClock(final long clockOpenNs, final TimeBarFiller filler, final long globalSeq, final Output output)
    {
        final BarState bar = open;
        if (null != bar && bar.openTimeNs < clockOpenNs)
        {
            open = null;
            output.publishBar(state, bar, globalSeq, true);
            output.onBarClosed();
            published(bar.openTimeNs, bar.closeMantissa);
        }
        if (null != filler && Long.MIN_VALUE != lastPublishedOpenNs && null == open &&
            lastPublishedOpenNs < clockOpenNs - intervalNs)
        {
            filler.begin(lastPublishedOpenNs, clockOpenNs, intervalNs, lastCloseMantissa);
            while (filler.hasNext())
            {
                final long fillOpenNs = filler.next();
                final BarState filled = slot(fillOpenNs);
                filled.fill(fillOpenNs, lastCloseMantissa);
                output.publishBar(state, filled, globalSeq, true);
                output.onBarFilled();
            }
            if (filler.skipped() > 0)
            {
                output.onFillSkipped(filler.skipped());
            }
            lastPublishedOpenNs = filler.gapEndOpenNs();
        }
    }

    /**
     * A trade in the clock's current interval: start or update the open bar.
     *
     * @return the bar.
     */
    BarState onCurrentTrade(final long openNs, final long priceMantissa, final long size, final long timeNs)
    {
        BarState bar = open;
        if (null == bar)
        {
            bar = slot(openNs);
            bar.start(openNs, priceMantissa, size, timeNs);
            open = bar;
        }
        else
        {
            bar.add(priceMantissa, size, timeNs);
        }
        return bar;
    }

    /**
     * A late trade, in an interval the clock has closed and within the lateness bound (its slot is its own): revise
     * and re-publish its bar, or publish a new one if the interval had none, then (when filling) re-price the filled
     * bars after it.
     */
    void onLateTrade(
        final boolean filling,
        final long openNs,
        final long priceMantissa,
        final long size,
        final long timeNs,
        final long globalSeq,
        final Output output)
    {
        final BarState bar = slot(openNs);
        if (bar.valid && bar.openTimeNs == openNs && bar.tradeCount > 0)
        {
            final int revision = bar.revision;
            bar.add(priceMantissa, size, timeNs);
            bar.revision = revision + 1;
            output.onBarRevised();
        }
        else if (bar.valid && bar.openTimeNs == openNs)
        {
            // A filled bar gets its first real trade.
            final int revision = bar.revision;
            bar.start(openNs, priceMantissa, size, timeNs);
            bar.revision = revision + 1;
            output.onBarRevised();
        }
        else
        {
            bar.start(openNs, priceMantissa, size, timeNs);
        }
        output.publishBar(state, bar, globalSeq, true);

        final long closeMantissa = bar.closeMantissa;
        if (Long.MIN_VALUE == lastPublishedOpenNs || openNs > lastPublishedOpenNs)
        {
            published(openNs, closeMantissa);
            return;
        }
        if (!filling)
        {
            return;
        }
        long nextOpenNs = openNs;
        while (nextOpenNs < lastPublishedOpenNs)
        {
            nextOpenNs += intervalNs;
            final BarState next = slot(nextOpenNs);
            if (!next.valid || next.openTimeNs != nextOpenNs)
            {
                // An interval beyond the fill bound of its gap: never published, nothing to revise.
                continue;
            }
            if (next.tradeCount > 0 || next.closeMantissa == closeMantissa)
            {
                // A real bar, or an unchanged price: the filled bars after it already carry the right close.
                return;
            }
            next.refill(closeMantissa);
            output.publishBar(state, next, globalSeq, true);
            output.onBarRevised();
        }
        lastCloseMantissa = closeMantissa;
    }

    private void published(final long openNs, final long closeMantissa)
    {
        lastPublishedOpenNs = openNs;
        lastCloseMantissa = closeMantissa;
    }
}
