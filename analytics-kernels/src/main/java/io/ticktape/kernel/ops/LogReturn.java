package io.ticktape.kernel.ops;

/**
 * Log return {@code ln(p / p_prev)} between consecutive price mantissas (the exponent cancels).
 * <p>
 * Computed as {@code log1p((p - p_prev) / p_prev)} when the price has not fallen by half or more: the difference of
 * two positive longs is exact and the division rounds once, so a tiny return keeps its full relative precision, where
 * {@code log(p / p_prev)} would lose it to cancellation near 1. For a fall of half or more {@code log1p} near -1
 * would amplify that one rounding, while {@code log(p / p_prev)} is then far from 0 and well conditioned, so that is
 * used instead. Either way the result is within a few ulps of the exact log return.
 * <p>
 * A log return is undefined when either price is zero or negative (calendar spreads): the result is then
 * {@code NaN}, as it is for the first price. Downstream operators reject {@code NaN} and count it. The previous price
 * always becomes the latest one, so a return is never taken across a skipped price.
 */
public final class LogReturn
{
    private long previousMantissa;
    private boolean hasPrevious;

    /**
     * @param priceMantissa the latest price.
     * @return the log return from the previous price, or {@code NaN} (first price, or a non-positive price).
     */
    public double update(final long priceMantissa)
    {
        final double result;
        if (hasPrevious && previousMantissa > 0 && priceMantissa > 0)
        {
            final double change = (double)(priceMantissa - previousMantissa) / previousMantissa;
            result = change > -0.5 ? Math.log1p(change) : Math.log((double)priceMantissa / previousMantissa);
        }
        else
        {
            result = Double.NaN;
        }
        previousMantissa = priceMantissa;
        hasPrevious = true;
        return result;
    }

    /**
     * Forget the previous price (e.g. at a session boundary, so no return spans the break).
     */
    public void reset()
    {
        hasPrevious = false;
    }

    /**
     * @return whether a previous price is held.
     */
    public boolean hasPrevious()
    {
        return hasPrevious;
    }

    /**
     * @return the previous price mantissa (meaningless before the first update).
     */
    public long previousMantissa()
    {
        return previousMantissa;
    }
}
