package io.ticktape.kernel.ops;

/**
 * Robust outlier score of the latest price against the N prices before it (Hampel identifier):
 * {@code |x - median| / (1.4826 * MAD)}, where MAD is the median absolute deviation from the median and 1.4826
 * makes it a consistent estimator of the standard deviation for normal data. Like {@link ReturnZScore}, a price is
 * scored against the window <em>before</em> it enters it.
 * <p>
 * <b>Exactness.</b> The median and MAD are computed exactly in integers scaled by 4 (an even-sized window's median
 * is a half-integer, its MAD a quarter-integer at worst), so {@code 4 * |x - median|} and {@code 4 * MAD} are exact
 * {@code long}s and the only rounding is in the final division. The window is a sorted preallocated array:
 * insertion and removal O(N), median O(1), MAD O(N) by merging the deviations outward from the median. Meant for
 * N up to a few hundred.
 * <p>
 * <b>Zero MAD.</b> Prices often sit still, giving a MAD of 0. The MAD is floored at {@code minMadMantissa} (say
 * one tick): a score is then a distance in ticks rather than infinity. With a floor of 0, a price at the median
 * scores 0 and any other price scores {@code +Infinity}.
 * <p>
 * <b>Domain.</b> Prices beyond +-2^60 (so that 4x fits a long) are rejected, counted, scored {@code NaN} and kept
 * out of the window. An empty window scores {@code NaN}.
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class HampelScore
{
    /** 1 / Phi^-1(3/4), rounded as is customary: MAD times this estimates sigma for normal data. */
    public static final double MAD_SCALE = 1.4826;
    /** Largest accepted price magnitude. */
    public static final long MAX_ABS_VALUE = (1L << 60) - 1;

    private final SortedLongWindow window;
    private final long minMad4;
    private long value;
    private long median4;
    private long mad4;
    private double score = Double.NaN;
    private long rejected;

    /**
     * @param size           N, the prices in the window, positive.
     * @param minMadMantissa floor for the MAD in mantissa units, 0 to {@link #MAX_ABS_VALUE}.
     */
    public HampelScore(final int size, final long minMadMantissa)
    {
        if (minMadMantissa < 0 || minMadMantissa > MAX_ABS_VALUE)
        {
            throw new IllegalArgumentException("minMad out of range: " + minMadMantissa);
        }
        window = new SortedLongWindow(size);
        minMad4 = minMadMantissa * 4;
    }

    /**
     * Score a price against the window, then add it.
     *
     * @param priceMantissa the latest price.
     * @return the score, {@code NaN} when the window was empty or the price rejected.
     */
    public double update(final long priceMantissa)
    {
        if (priceMantissa > MAX_ABS_VALUE || priceMantissa < -MAX_ABS_VALUE)
        {
            rejected++;
            score = Double.NaN;
            return score;
        }
        value = priceMantissa;
        final int n = window.size();
        if (n == 0)
        {
            score = Double.NaN;
        }
        else
        {
            computeMedianAndMad(n);
            final long deviation4 = Math.abs(4 * priceMantissa - median4);
            final long scale4 = Math.max(mad4, minMad4);
            score = deviation4 == 0 ? 0.0 : deviation4 / (MAD_SCALE * scale4);
        }
        window.add(priceMantissa);
        return score;
    }

    /**
     * @return the last score, {@code NaN} before any or when the window was empty.
     */
    public double score()
    {
        return score;
    }

    /**
     * @return the last price scored.
     */
    public long value()
    {
        return value;
    }

    /**
     * @return the median the last price was scored against (exact as 4x; rounded here to double).
     */
    public double median()
    {
        return median4 / 4.0;
    }

    /**
     * @return the MAD the last price was scored against, before the floor.
     */
    public double mad()
    {
        return mad4 / 4.0;
    }

    /**
     * @return prices in the window now.
     */
    public int windowCount()
    {
        return window.size();
    }

    /**
     * @return prices rejected for being beyond +-2^60.
     */
    public long rejected()
    {
        return rejected;
    }

    private void computeMedianAndMad(final int n)
    {
        final int mid = n >>> 1;
        median4 = (n & 1) == 1 ? 4 * window.sorted(mid) : 2 * (window.sorted(mid - 1) + window.sorted(mid));

        // First rank whose value lies above the median: deviations grow leftwards below it and rightwards from it,
        // so the sorted deviations are a merge of the two runs.
        int lo = 0;
        int hi = n;
        while (lo < hi)
        {
            final int probe = (lo + hi) >>> 1;
            if (4 * window.sorted(probe) > median4)
            {
                hi = probe;
            }
            else
            {
                lo = probe + 1;
            }
        }
        int left = lo - 1;
        int right = lo;
        final int lowRank = (n - 1) >>> 1;
        final int highRank = n >>> 1;
        long lowDeviation = 0;
        long highDeviation = 0;
        for (int rank = 0; rank <= highRank; rank++)
        {
            final long deviation;
            if (right >= n || (left >= 0 && median4 - 4 * window.sorted(left) <= 4 * window.sorted(right) - median4))
            {
                deviation = median4 - 4 * window.sorted(left);
                left--;
            }
            else
            {
                deviation = 4 * window.sorted(right) - median4;
                right++;
            }
            if (rank == lowRank)
            {
                lowDeviation = deviation;
            }
            highDeviation = deviation;
        }
        // Every deviation is even (4x minus an even median4), so halving each before adding is exact and cannot
        // overflow.
        mad4 = lowDeviation / 2 + highDeviation / 2;
    }
}
