package io.ticktape.kernel.ops;

/**
 * Count, sum, mean, variance, standard deviation, min and max of the last {@code N} {@code double} samples, with the
 * accuracy, rejection rules and empty-window values of {@link RollingWindowDoubleStats}. Rejected samples (not
 * finite, or above 2^480 in magnitude) do not enter the window and do not push a sample out.
 * <p>
 * Single writer; allocation-free after construction.
 */
public final class RollingCountDoubleStats
{
    private final DoubleSampleWindow window;
    private long rejected;

    /**
     * @param size the window length N in samples, positive.
     */
    public RollingCountDoubleStats(final int size)
    {
        window = new DoubleSampleWindow(size);
    }

    /**
     * Add a sample, dropping the oldest when the window already holds N.
     *
     * @param value the sample, finite and at most 2^480 in magnitude.
     * @return false when the sample was rejected.
     */
    public boolean add(final double value)
    {
        if (!DoubleSampleWindow.isAcceptable(value))
        {
            rejected++;
            return false;
        }
        window.append(0, value);
        return true;
    }

    /**
     * Empty the window (the rejection counter is kept).
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
     * @return the (compensated) sum, 0 when empty.
     */
    public double sum()
    {
        return window.moments().sum();
    }

    /**
     * @return the (compensated) sum of squares, 0 when empty.
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
     * @return samples rejected for being non-finite or too large.
     */
    public long rejected()
    {
        return rejected;
    }
}
