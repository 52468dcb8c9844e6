package io.ticktape.kernel.ops;

/**
 * Count, exact sum, mean, variance, standard deviation, min and max of the last {@code N} {@code long} samples
 * (a tick-count window). Once {@code N} samples have been added each new one replaces the oldest.
 * <p>
 * Exactness and empty-window sentinels are those of {@link RollingWindowStats}: exact 128/192-bit sums, mean and
 * variance within 2^-52 relative of the exact values, {@code NaN} statistics and {@link Long#MAX_VALUE} /
 * {@link Long#MIN_VALUE} for min / max when empty.
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class RollingCountStats
{
    private final LongSampleWindow window;

    /**
     * @param size the window length N in samples, positive.
     */
    public RollingCountStats(final int size)
    {
        window = new LongSampleWindow(size);
    }

    /**
     * Add a sample, dropping the oldest when the window already holds N.
     *
     * @param value the sample.
     */
    public void add(final long value)
    {
        window.append(0, value);
    }

    /**
     * Empty the window.
     */
    public void reset()
    {
        window.clear();
    }

    /**
     * @return the window length N.
     */
    public int size()
    {
        return window.capacity();
    }

    /**
     * @return samples in the window, at most N.
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
     * @return {@code double(sum) / count}, {@code NaN} when empty.
     */
    public double mean()
    {
        return window.moments().mean();
    }

    /**
     * @return population variance from the exact numerator; 0 for a single sample, {@code NaN} when empty.
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
}
