package io.ticktape.kernel.ops;

/**
 * Exact count, sum and sum of squares of {@code long} values under insertion and removal. The sum is a 128-bit and
 * the sum of squares a 192-bit integer, so for up to 2^31 values of any magnitude nothing overflows and nothing is
 * rounded until a result is converted to double:
 * <ul>
 *     <li>mean = {@code double(sum) / n}: two roundings, relative error at most 2^-52;</li>
 *     <li>variance = {@code double(n * sumSq - sum^2) / double(n * n)}: the numerator is exact, so there is no
 *     cancellation at all; two roundings (three when {@code n * n > 2^53}, i.e. n above 94 million), relative error
 *     at most 2^-52 against the exact population variance.</li>
 * </ul>
 */
final class LongMoments
{
    private long count;
    private final boolean squares;
    private final Int128 sum = new Int128();
    private final UInt192 sumSquares = new UInt192();
    private final UInt192 numerator = new UInt192();

    LongMoments()
    {
        this(true);
    }

    /**
     * @param squares false to keep count and sum only (the variance is then NaN): a window whose mean alone is
     *                published skips the 192-bit square per sample.
     */
    LongMoments(final boolean squares)
    {
        this.squares = squares;
    }

    void add(final long value)
    {
        count++;
        sum.add(value);
        if (squares)
        {
            sumSquares.addSquare(value);
        }
    }

    void remove(final long value)
    {
        count--;
        sum.subtract(value);
        if (squares)
        {
            sumSquares.subtractSquare(value);
        }
    }

    void reset()
    {
        count = 0;
        sum.reset();
        sumSquares.reset();
    }

    long count()
    {
        return count;
    }

    long sumHi()
    {
        return sum.hi();
    }

    long sumLo()
    {
        return sum.lo();
    }

    double sum()
    {
        return sum.toDouble();
    }

    double mean()
    {
        return count == 0 ? Double.NaN : sum.toDouble() / count;
    }

    double variance()
    {
        return count == 0 || !squares ? Double.NaN : exactNumerator() / (double)(count * count);
    }

    double sampleVariance()
    {
        return count < 2 || !squares ? Double.NaN : exactNumerator() / (double)(count * (count - 1));
    }

    private double exactNumerator()
    {
        numerator.setVarianceNumerator(sumSquares, count, sum.hi(), sum.lo());
        return numerator.toDouble();
    }
}
