package io.ticktape.kernel.ops;

/**
 * Count, sum, mean, variance, standard deviation, min and max of {@code double} samples (log returns) over a time
 * window, with the window, capacity and rejection rules of {@link RollingWindowStats}: after time {@code t} the
 * window is {@code (t - W, t]}; a sample earlier than the window's end is rejected; a full window evicts its oldest
 * sample and counts it.
 * <p>
 * <b>Accuracy.</b> Sums are double-double (about 106 bits) with exact squares, and the variance numerator is formed
 * in double-double, so mean and variance are within 4 ulps (4 * 2^-53 relative) of the exact values of the samples,
 * plus at most 2^-105 of the magnitudes the sums held per update since the window last emptied (the sums restart
 * from exact zero then). That second term is what removal costs: after 2^30 updates it is still 2^-75 of the
 * largest sum, so nothing drifts in practice. The property tests check exactly this bound against BigDecimal. A
 * single sample has variance exactly 0. Min and max are exact.
 * <p>
 * <b>Rejected values.</b> {@code NaN}, infinities and magnitudes above 2^480 (so that no square or sum of squares
 * can overflow) are rejected and counted in {@link #rejected()}, like out-of-order samples.
 * <p>
 * <b>Empty window.</b> Every statistic is {@code NaN} except {@link #count()} and {@link #sum()} (0).
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class RollingWindowDoubleStats
{
    private final long windowNs;
    private final DoubleSampleWindow window;
    private long windowEndNs = Long.MIN_VALUE;
    private long evictions;
    private long rejected;

    /**
     * @param windowNs window length in ns, positive.
     * @param capacity most samples held at once, positive.
     */
    public RollingWindowDoubleStats(final long windowNs, final int capacity)
    {
        if (windowNs <= 0)
        {
            throw new IllegalArgumentException("window must be positive: " + windowNs);
        }
        this.windowNs = windowNs;
        window = new DoubleSampleWindow(capacity);
    }

    /**
     * Move the window to {@code timeNs} and add a sample.
     *
     * @param timeNs stamp of the sample, not before {@link #windowEndNs()}.
     * @param value  the sample, finite and at most 2^480 in magnitude.
     * @return false when the sample was rejected.
     */
    public boolean add(final long timeNs, final double value)
    {
        if (timeNs < windowEndNs || !DoubleSampleWindow.isAcceptable(value))
        {
            rejected++;
            return false;
        }
        advanceTo(timeNs);
        if (window.append(timeNs, value))
        {
            evictions++;
        }
        return true;
    }

    /**
     * Move the window's end to {@code nowNs} without adding. Earlier times are ignored.
     *
     * @param nowNs the new end of the window.
     */
    public void advanceTo(final long nowNs)
    {
        if (nowNs >= windowEndNs)
        {
            windowEndNs = nowNs;
            window.expire(nowNs, windowNs);
        }
    }

    /**
     * Empty the window and forget its end time (counters are kept).
     */
    public void reset()
    {
        window.clear();
        windowEndNs = Long.MIN_VALUE;
    }

    /**
     * @return window length in ns.
     */
    public long windowNs()
    {
        return windowNs;
    }

    /**
     * @return the latest time given, {@link Long#MIN_VALUE} before any.
     */
    public long windowEndNs()
    {
        return windowEndNs;
    }

    /**
     * @return samples in the window.
     */
    public long count()
    {
        return window.moments().count();
    }

    /**
     * @return the (compensated) sum of the samples, 0 when empty.
     */
    public double sum()
    {
        return window.moments().sum();
    }

    /**
     * @return the (compensated) sum of the squared samples, 0 when empty.
     */
    public double sumOfSquares()
    {
        return window.moments().sumOfSquares();
    }

    /**
     * @return mean, {@code NaN} when empty.
     */
    public double mean()
    {
        return window.moments().mean();
    }

    /**
     * @return population variance, 0 for a single sample, {@code NaN} when empty.
     */
    public double variance()
    {
        return window.moments().variance();
    }

    /**
     * @return sample variance (divisor {@code n - 1}), {@code NaN} below two samples.
     */
    public double sampleVariance()
    {
        return window.moments().sampleVariance();
    }

    /**
     * @return square root of {@link #variance()}.
     */
    public double stdDev()
    {
        return Math.sqrt(window.moments().variance());
    }

    /**
     * @return smallest sample, {@code NaN} when empty.
     */
    public double min()
    {
        return window.min();
    }

    /**
     * @return largest sample, {@code NaN} when empty.
     */
    public double max()
    {
        return window.max();
    }

    /**
     * @return samples evicted early because the window was at capacity.
     */
    public long evictions()
    {
        return evictions;
    }

    /**
     * @return samples rejected: out of order, or not finite, or above 2^480 in magnitude.
     */
    public long rejected()
    {
        return rejected;
    }
}
