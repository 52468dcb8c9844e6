package io.ticktape.kernel.ops;

/**
 * Quoted spread against its recent norm: {@code spread / median spread of the last N quotes before this one}.
 * A count window (the last N two-sided quotes), not a time window: the median needs an order-statistics structure,
 * and a count window bounds it exactly with no capacity overflow to define, while quotes arrive often enough that
 * N quotes is a short span. 1 is typical; 10 is a spread ten times its median.
 * <p>
 * <b>Which spreads count.</b> {@code spread = ask - bid} in mantissa units. Only positive spreads enter the window
 * and are scored: a locked or crossed quote (spread 0 or negative) is {@link QuoteState}'s business, scores 0 here
 * and does not drag the median down. A spread that overflows a long (bid and ask near opposite extremes) is
 * rejected and counted.
 * <p>
 * <b>Exactness.</b> The median is exact: for an even window it is {@code (a + b) / 2}, so the score is computed as
 * {@code double(2 * spread) / double(a + b)} with both integers exact as unsigned longs: two roundings and a
 * division. An empty window scores {@code NaN}.
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class SpreadBlowout
{
    private final SortedLongWindow window;
    private long spread;
    private long twiceMedian;
    private double score = Double.NaN;
    private long rejected;

    /**
     * @param size N, the quotes in the window, positive.
     */
    public SpreadBlowout(final int size)
    {
        window = new SortedLongWindow(size);
    }

    /**
     * Score a quote's spread against the window, then add it (when positive).
     *
     * @param bidMantissa best bid.
     * @param askMantissa best ask.
     * @return the ratio, 0 for a locked or crossed quote, {@code NaN} for an empty window or a rejected quote.
     */
    public double onQuote(final long bidMantissa, final long askMantissa)
    {
        final long difference = askMantissa - bidMantissa;
        if (((askMantissa ^ bidMantissa) & (askMantissa ^ difference)) < 0)
        {
            rejected++;
            score = Double.NaN;
            return score;
        }
        spread = difference;
        if (difference <= 0)
        {
            score = 0.0;
            return score;
        }
        final int n = window.size();
        if (n == 0)
        {
            twiceMedian = 0;
            score = Double.NaN;
        }
        else
        {
            final int mid = n >>> 1;
            // Both spreads are positive longs, so their sum is exact as an unsigned long.
            twiceMedian = (n & 1) == 1 ? window.sorted(mid) << 1 : window.sorted(mid - 1) + window.sorted(mid);
            score = WideMath.unsignedToDouble(difference << 1) / WideMath.unsignedToDouble(twiceMedian);
        }
        window.add(difference);
        return score;
    }

    /**
     * @return the last score.
     */
    public double score()
    {
        return score;
    }

    /**
     * @return the last spread, in mantissa units.
     */
    public long spreadMantissa()
    {
        return spread;
    }

    /**
     * @return the median spread the last positive spread was scored against ({@code NaN} when there was none).
     */
    public double medianSpread()
    {
        return twiceMedian == 0 ? Double.NaN : WideMath.unsignedToDouble(twiceMedian) / 2.0;
    }

    /**
     * @return spreads in the window now.
     */
    public int windowCount()
    {
        return window.size();
    }

    /**
     * @return quotes rejected because the spread overflowed.
     */
    public long rejected()
    {
        return rejected;
    }
}
