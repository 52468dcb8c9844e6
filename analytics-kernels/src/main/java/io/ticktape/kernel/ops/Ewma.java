package io.ticktape.kernel.ops;

/**
 * Exponentially weighted mean and variance of a series (log returns), decay {@code lambda} per observation
 * (RiskMetrics uses 0.94 for daily returns), with {@code alpha = 1 - lambda}:
 * <pre>
 *   mean'             = mean + alpha * (r - mean)
 *   variance'         = lambda * (variance + alpha * (r - mean)^2)      (about the moving mean; West/Finch)
 *   zeroMeanVariance' = lambda * zeroMeanVariance + alpha * r^2         (RiskMetrics, assumes mean 0)
 * </pre>
 * <b>Seeding.</b> Explicit: before any observation the mean is {@code seedMean} and both variances are
 * {@code seedVariance}. Equivalently, after n observations the state is that of a weighted sample in which the seed
 * is a pseudo-observation of weight {@code lambda^n} (mean {@code seedMean}, spread {@code seedVariance}) and
 * observation {@code i} has weight {@code alpha * lambda^(n - i)}; the weights sum to one. A seed of 0 makes the
 * first returns count as extreme; a prior day's variance is the usual seed. Nothing is seeded implicitly from the
 * data, so replays starting from the same seed agree bit for bit.
 * <p>
 * Non-finite inputs are rejected and counted in {@link #rejected()}; the state is left as it was.
 * <p>
 * Single writer; allocation-free.
 */
public final class Ewma
{
    /** RiskMetrics' decay for daily returns. */
    public static final double RISK_METRICS_LAMBDA = 0.94;

    private final double lambda;
    private final double alpha;
    private double mean;
    private double variance;
    private double zeroMeanVariance;
    private long count;
    private long rejected;

    /**
     * @param lambda       decay per observation, in (0, 1).
     * @param seedMean     mean before any observation, finite.
     * @param seedVariance variance before any observation, finite and non-negative.
     */
    public Ewma(final double lambda, final double seedMean, final double seedVariance)
    {
        if (!(lambda > 0.0 && lambda < 1.0))
        {
            throw new IllegalArgumentException("lambda must be in (0, 1): " + lambda);
        }
        this.lambda = lambda;
        alpha = 1.0 - lambda;
        reset(seedMean, seedVariance);
    }

    /**
     * Restart from the given seed.
     *
     * @param seedMean     mean before any observation, finite.
     * @param seedVariance variance before any observation, finite and non-negative.
     */
    public void reset(final double seedMean, final double seedVariance)
    {
        if (!Double.isFinite(seedMean) || !(seedVariance >= 0.0) || !Double.isFinite(seedVariance))
        {
            throw new IllegalArgumentException("seed must be finite with variance >= 0: " + seedMean + ", " +
                seedVariance);
        }
        mean = seedMean;
        variance = seedVariance;
        zeroMeanVariance = seedVariance;
        count = 0;
    }

    /**
     * Include an observation.
     *
     * @param value the observation, finite.
     * @return false when rejected as non-finite.
     */
    public boolean update(final double value)
    {
        if (!Double.isFinite(value))
        {
            rejected++;
            return false;
        }
        final double diff = value - mean;
        final double increment = alpha * diff;
        mean += increment;
        variance = lambda * (variance + diff * increment);
        zeroMeanVariance = lambda * zeroMeanVariance + alpha * value * value;
        count++;
        return true;
    }

    /**
     * @return the decay per observation.
     */
    public double lambda()
    {
        return lambda;
    }

    /**
     * @return the exponentially weighted mean.
     */
    public double mean()
    {
        return mean;
    }

    /**
     * @return the exponentially weighted variance about the moving mean.
     */
    public double variance()
    {
        return variance;
    }

    /**
     * @return the RiskMetrics variance, which assumes a zero mean.
     */
    public double zeroMeanVariance()
    {
        return zeroMeanVariance;
    }

    /**
     * @return square root of {@link #zeroMeanVariance()}: the RiskMetrics volatility per observation.
     */
    public double volatility()
    {
        return Math.sqrt(zeroMeanVariance);
    }

    /**
     * @return observations included since the last seed.
     */
    public long count()
    {
        return count;
    }

    /**
     * @return non-finite observations rejected.
     */
    public long rejected()
    {
        return rejected;
    }
}
