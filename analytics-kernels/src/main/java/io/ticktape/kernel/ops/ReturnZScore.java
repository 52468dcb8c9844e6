package io.ticktape.kernel.ops;

/**
 * Z-score of the latest log return against the EWMA (RiskMetrics, zero-mean) volatility:
 * {@code z = r / sqrt(v)}, where {@code v} is the EWMA variance <em>before</em> {@code r} is included. Scoring
 * against the prior estimate keeps a jump from inflating its own yardstick: included first, with lambda 0.94, a
 * return would score {@code z / sqrt(0.94 + 0.06 * z^2)}, so a 10-sigma jump only 3.8. The return is included
 * afterwards.
 * <p>
 * <b>Guard.</b> While {@code v} is below {@code minVariance} (or zero), e.g. right after a zero seed or a flat spell,
 * the score is {@code NaN} rather than an enormous number built on no information; the return still updates the
 * EWMA. {@code NaN} and infinite returns (from non-positive prices, see {@link LogReturn}) are rejected, counted,
 * scored {@code NaN} and leave the EWMA as it was.
 * <p>
 * The inputs of the last score are exposed: {@link #logReturn()}, {@link #varianceBefore()}. The sign of the score
 * is kept (down moves are negative); ensembles use its magnitude.
 * <p>
 * Single writer; allocation-free.
 */
public final class ReturnZScore
{
    private final Ewma ewma;
    private final double minVariance;
    private double logReturn = Double.NaN;
    private double varianceBefore = Double.NaN;
    private double score = Double.NaN;
    private long rejected;

    /**
     * @param lambda       EWMA decay per return, in (0, 1); {@link Ewma#RISK_METRICS_LAMBDA} is the classic.
     * @param seedVariance EWMA variance before any return (see {@link Ewma} on seeding), finite and non-negative.
     * @param minVariance  smallest prior variance that gives a score, non-negative.
     */
    public ReturnZScore(final double lambda, final double seedVariance, final double minVariance)
    {
        if (!(minVariance >= 0.0))
        {
            throw new IllegalArgumentException("minVariance must be non-negative: " + minVariance);
        }
        ewma = new Ewma(lambda, 0.0, seedVariance);
        this.minVariance = minVariance;
    }

    /**
     * Score a return, then include it in the EWMA.
     *
     * @param value the latest log return.
     * @return the z-score, or {@code NaN} (rejected return, or prior variance below the guard).
     */
    public double update(final double value)
    {
        if (!Double.isFinite(value))
        {
            rejected++;
            score = Double.NaN;
            return score;
        }
        logReturn = value;
        varianceBefore = ewma.zeroMeanVariance();
        score = varianceBefore > 0.0 && varianceBefore >= minVariance ? value / Math.sqrt(varianceBefore) :
            Double.NaN;
        ewma.update(value);
        return score;
    }

    /**
     * @return the last score (signed), {@code NaN} before any or when guarded.
     */
    public double score()
    {
        return score;
    }

    /**
     * @return the last accepted return.
     */
    public double logReturn()
    {
        return logReturn;
    }

    /**
     * @return the EWMA variance the last return was scored against.
     */
    public double varianceBefore()
    {
        return varianceBefore;
    }

    /**
     * @return the EWMA variance now, the last return included.
     */
    public double variance()
    {
        return ewma.zeroMeanVariance();
    }

    /**
     * @return returns accepted since construction.
     */
    public long count()
    {
        return ewma.count();
    }

    /**
     * @return non-finite returns rejected.
     */
    public long rejected()
    {
        return rejected;
    }
}
