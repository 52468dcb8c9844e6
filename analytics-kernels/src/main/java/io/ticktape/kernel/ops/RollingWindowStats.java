package io.ticktape.kernel.ops;

/**
 * Count, exact sum, mean, variance, standard deviation, min and max of {@code long} samples (price or spread
 * mantissas, sizes, twice the mid) over a time window.
 * <p>
 * <b>Window.</b> After {@link #add} or {@link #advanceTo} at time {@code t} the window holds the samples stamped in
 * {@code (t - W, t]}; a sample stamped exactly {@code t - W} has left. Equal timestamps are fine. A sample stamped
 * before the window's end (the latest time given) is rejected and counted in {@link #rejected()}: the window it
 * belongs to is already past. Timestamps must lie within 2^63 ns of each other (about 292 years).
 * <p>
 * <b>Capacity.</b> At most {@code capacity} samples are held. A sample that arrives when the window is full evicts
 * the oldest one, counted in {@link #evictions()}: the statistics then cover the latest {@code capacity} samples of
 * the time window. Size the capacity for the busiest window expected.
 * <p>
 * <b>Exactness.</b> Sum and sum of squares are exact integers (128 and 192 bits), so the variance has no
 * cancellation error: its numerator {@code n * sum(x^2) - sum(x)^2} is exact and the result is rounded twice, a
 * relative error of at most 2^-52 against the exact population variance (see {@link #variance()}); the mean likewise. Min and max come from monotonic deques, O(1) amortised.
 * <p>
 * <b>Empty window.</b> Mean, variances and standard deviation are {@code NaN}; {@link #min()} is
 * {@link Long#MAX_VALUE} and {@link #max()} is {@link Long#MIN_VALUE}; check {@link #count()} first.
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class RollingWindowStats
{
    private final long windowNs;
    private final LongSampleWindow window;
    private long windowEndNs = Long.MIN_VALUE;
    private long evictions;
    private long rejected;

    /**
     * @param windowNs window length in ns, positive.
     * @param capacity most samples held at once, positive.
     */
    public RollingWindowStats(final long windowNs, final int capacity)
    {
        this(windowNs, capacity, true, true);
    }

    /**
     * A window keeping only what its user reads: without extremes, {@link #min()} and {@link #max()} throw
     * {@link IllegalStateException} and two deque updates per sample are saved (and 32 bytes a sample of memory);
     * without variance, {@link #variance()}, {@link #sampleVariance()} and {@link #stdDev()} are {@code NaN} and the
     * 192-bit square per sample is saved.
     *
     * @param windowNs window length in ns, positive.
     * @param capacity most samples held at once, positive.
     * @param extremes whether to keep min and max.
     * @param variance whether to keep the sum of squares for the variance.
     */
    public RollingWindowStats(final long windowNs, final int capacity, final boolean extremes, final boolean variance)
    {
        if (windowNs <= 0)
        {
            throw new IllegalArgumentException("window must be positive: " + windowNs);
        }
        this.windowNs = windowNs;
        window = new LongSampleWindow(capacity, extremes, variance);
    }

    /**
     * Move the window to {@code timeNs} and add a sample.
     *
     * @param timeNs stamp of the sample, not before {@link #windowEndNs()}.
     * @param value  the sample.
     * @return false when the sample was rejected for being out of order.
     */
    public boolean add(final long timeNs, final long value)
    {
        if (timeNs < windowEndNs)
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
     * Move the window's end to {@code nowNs} without adding (a timer for a quiet instrument). Earlier times are
     * ignored: a window never moves back.
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
     * @return the sum rounded once to the nearest double.
     */
    public double sum()
    {
        return window.moments().sum();
    }

    /**
     * @return high word of the exact 128-bit sum.
     */
    public long sumHi()
    {
        return window.moments().sumHi();
    }

    /**
     * @return low word of the exact 128-bit sum.
     */
    public long sumLo()
    {
        return window.moments().sumLo();
    }

    /**
     * @return {@code double(sum) / count} (relative error at most 2^-52), {@code NaN} when empty.
     */
    public double mean()
    {
        return window.moments().mean();
    }

    /**
     * @return population variance {@code double(n * sum(x^2) - sum(x)^2) / double(n * n)} from the exact
     * numerator; 0 for a single sample, {@code NaN} when empty.
     */
    public double variance()
    {
        return window.moments().variance();
    }

    /**
     * @return sample variance (divisor {@code n - 1}) from the exact numerator, {@code NaN} below two samples.
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
     * @return smallest sample in the window, {@link Long#MAX_VALUE} when empty.
     */
    public long min()
    {
        return window.min();
    }

    /**
     * @return largest sample in the window, {@link Long#MIN_VALUE} when empty.
     */
    public long max()
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
     * @return samples rejected for arriving before the window's end.
     */
    public long rejected()
    {
        return rejected;
    }
}
