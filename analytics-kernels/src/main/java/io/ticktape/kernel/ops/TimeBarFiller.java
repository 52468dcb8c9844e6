package io.ticktape.kernel.ops;

/**
 * Lists the empty time-bar intervals in a gap, without allocating, so the kernel can skip them or publish them as
 * filled bars (open = high = low = close = the previous close, volume 0, no trades).
 * <p>
 * A gap runs from a closed bar that opened at {@code T} to the next bar that will hold a trade, opening at
 * {@code T'}: the empty intervals are those opening at {@code T + k * I} strictly before {@code T'}, {@code k >= 1}.
 * For a quiet instrument driven by a timer at {@code now}, pass {@code T' = alignedOpen(now)}: every interval before
 * the one containing {@code now} has fully elapsed.
 * <pre>
 *   closed bar        empty       empty       next trade's bar
 *   [T, T+I)       [T+I, T+2I)  [T+2I, T')    [T', T'+I)
 * </pre>
 * <b>Bound.</b> At most {@code maxFillBars} intervals are listed per gap: the first ones after the closed bar, so
 * the filled series continues without a hole from the last real bar and then jumps; the rest are counted in
 * {@link #skipped()}. A long quiet spell (a weekend of 1 s bars is 172,800 intervals) thus costs a bounded amount of
 * work on one tick. {@code maxFillBars = 0} means skip every empty interval (no filling).
 * <p>
 * Use:
 * <pre>{@code
 *   filler.begin(bar.openTimeNs, nextOpenNs, intervalNs, bar.closeMantissa);
 *   while (filler.hasNext())
 *   {
 *       publishFilledBar(filler.next(), filler.closeMantissa());
 *   }
 * }</pre>
 * Single writer; allocation-free.
 */
public final class TimeBarFiller
{
    private final int maxFillBars;
    private long intervalNs;
    private long nextOpenNs;
    private long remaining;
    private long emptyIntervals;
    private long skipped;
    private long closeMantissa;
    private long gapEndOpenNs;

    /**
     * @param maxFillBars most intervals listed per gap, non-negative; 0 lists none (skip mode).
     */
    public TimeBarFiller(final int maxFillBars)
    {
        if (maxFillBars < 0)
        {
            throw new IllegalArgumentException("maxFillBars must not be negative: " + maxFillBars);
        }
        this.maxFillBars = maxFillBars;
    }

    /**
     * Start of the calendar-aligned interval holding a time: floor, so pre-1970 times align too.
     *
     * @param timeNs     a time.
     * @param intervalNs interval length, positive.
     * @param offsetNs   where intervals start, from the epoch modulo the interval (0: aligned to the epoch).
     * @return the open time of the interval holding {@code timeNs}.
     */
    public static long alignedOpen(final long timeNs, final long intervalNs, final long offsetNs)
    {
        return timeNs - Math.floorMod(timeNs - offsetNs, intervalNs);
    }

    /**
     * Begin listing the gap between a closed bar and the next bar. Replaces any gap still being listed.
     *
     * @param closedOpenNs  open time {@code T} of the bar that closed.
     * @param nextOpenNs    open time {@code T'} of the next bar; no gap unless it is after {@code T}.
     * @param intervalNs    interval length {@code I}, positive.
     * @param closeMantissa close of the bar that closed: the price of every filled bar.
     * @return intervals that {@link #next()} will list.
     */
    public long begin(final long closedOpenNs, final long nextOpenNs, final long intervalNs, final long closeMantissa)
    {
        if (intervalNs <= 0)
        {
            throw new IllegalArgumentException("interval must be positive: " + intervalNs);
        }
        this.intervalNs = intervalNs;
        this.closeMantissa = closeMantissa;
        this.nextOpenNs = closedOpenNs + intervalNs;
        gapEndOpenNs = closedOpenNs;
        emptyIntervals = 0;
        if (nextOpenNs > closedOpenNs)
        {
            // The difference is positive but may exceed Long.MAX_VALUE: as unsigned it is still exact.
            final long span = nextOpenNs - closedOpenNs;
            final long whole = WideMath.divideUnsigned(span, intervalNs);
            final long rest = span - whole * intervalNs;
            emptyIntervals = rest == 0 ? whole - 1 : whole;
            gapEndOpenNs = closedOpenNs + emptyIntervals * intervalNs;
        }
        remaining = Math.min(emptyIntervals, maxFillBars);
        skipped = emptyIntervals - remaining;
        return remaining;
    }

    /**
     * @return whether another empty interval is to be listed.
     */
    public boolean hasNext()
    {
        return remaining > 0;
    }

    /**
     * @return open time of the next empty interval, ascending; only valid while {@link #hasNext()}.
     */
    public long next()
    {
        final long openNs = nextOpenNs;
        nextOpenNs += intervalNs;
        remaining--;
        return openNs;
    }

    /**
     * @return the price a filled bar carries for open, high, low and close.
     */
    public long closeMantissa()
    {
        return closeMantissa;
    }

    /**
     * @return empty intervals in the current gap, listed or not.
     */
    public long emptyIntervals()
    {
        return emptyIntervals;
    }

    /**
     * @return empty intervals of the current gap beyond the bound, never listed.
     */
    public long skipped()
    {
        return skipped;
    }

    /**
     * @return open time of the last empty interval of the gap (listed or skipped), or {@code T} when there is none:
     * where a timer-driven caller resumes from at the next gap.
     */
    public long gapEndOpenNs()
    {
        return gapEndOpenNs;
    }

    /**
     * @return the bound on intervals listed per gap.
     */
    public int maxFillBars()
    {
        return maxFillBars;
    }
}
