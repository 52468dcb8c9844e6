package io.ticktape.kernel;

import java.util.concurrent.TimeUnit;

/**
 * How the kernel closes, fills, revises and previews its time bars.
 * <p>
 * <b>Closing.</b> The kernel keeps one clock in tick time: the latest exchange time of any trade, quote or timer tick
 * it has seen, for all instruments. A bar closes when that clock reaches the end of its interval, whether or not its
 * instrument trades again, so a quiet instrument's bar closes on the next tick of any instrument or timer.
 * <p>
 * <b>Empty intervals.</b> With {@code maxFillBars = 0} an interval without trades publishes nothing (skip). Above 0,
 * each such interval that the clock has passed is published as a filled bar (open = high = low = close = the previous
 * close, volume and trade count 0, first and last trade times 0), at most {@code maxFillBars} per gap: a longer gap
 * (a weekend of 1 s bars) lists its first {@code maxFillBars} intervals and the rest are counted, not published.
 * <p>
 * <b>Late trades.</b> A trade whose interval the clock has already closed is late. If the clock is at most
 * {@code maxLatenessNs} past the trade's time (and its VWAP session is still the instrument's current one) the trade
 * is applied: the affected closed bar of each interval is re-published with its revision number plus one (a bar first
 * published by a late trade has revision 0), and filled bars after it are re-priced and re-published likewise; session
 * VWAP includes it. Later than that it is too late: counted ({@code kernel.late_trades}), logged, and skipped before
 * it touches any state. The streaming operators (rolling windows, EWMA, scores) see an applied late trade as of the
 * instrument's latest time: they describe the stream as it arrived.
 * <p>
 * <b>In progress.</b> With {@code progressIntervalNs > 0}, a trade that updates an open bar publishes it as an
 * in-progress snapshot ({@code closed = FALSE}) when at least that much tick time has passed since the bar's previous
 * snapshot (the first trade of a bar always does).
 *
 * @param maxFillBars        0: skip empty intervals; above 0: fill them with the previous close, this many per gap.
 * @param progressIntervalNs least tick time between in-progress snapshots of one bar; 0: none.
 * @param maxLatenessNs      how far behind the kernel's clock a trade may be and still revise its bars; 0: none may.
 */
public record BarConfiguration(int maxFillBars, long progressIntervalNs, long maxLatenessNs)
{
    /** Most bars of one interval an instrument keeps for revision: bounds {@code maxLatenessNs / interval}. */
    public static final int MAX_HISTORY_BARS = 1 << 16;

    /**
     * Checks every value.
     */
    public BarConfiguration
    {
        if (maxFillBars < 0)
        {
            throw new IllegalArgumentException("maxFillBars must not be negative: " + maxFillBars);
        }
        if (progressIntervalNs < 0)
        {
            throw new IllegalArgumentException("bar progress interval must not be negative: " + progressIntervalNs);
        }
        if (maxLatenessNs < 0)
        {
            throw new IllegalArgumentException("max lateness must not be negative: " + maxLatenessNs);
        }
    }

    /**
     * @return skip empty intervals, no in-progress snapshots, late trades revise bars up to 10 s behind the clock.
     */
    public static BarConfiguration defaults()
    {
        return new BarConfiguration(0, 0, TimeUnit.SECONDS.toNanos(10));
    }

    /**
     * Bars of one interval an instrument keeps so that every trade within the lateness bound finds its bar: the
     * clock's interval and every interval that may hold a trade at most {@code maxLatenessNs} older.
     *
     * @param intervalNs the bar interval.
     * @return slots of its history.
     * @throws IllegalArgumentException when more than {@link #MAX_HISTORY_BARS}.
     */
    public int historyBars(final long intervalNs)
    {
        final long bars = maxLatenessNs / intervalNs + 2;
        if (bars > MAX_HISTORY_BARS)
        {
            throw new IllegalArgumentException("max lateness " + maxLatenessNs + " ns keeps " + bars +
                " bars of interval " + intervalNs + " ns per instrument; at most " + MAX_HISTORY_BARS);
        }
        return (int)bars;
    }
}
