package io.ticktape.kernel.ops;

/**
 * Count, sum and sum of squares of finite {@code double} values under insertion and removal, held as double-double
 * sums with exact squares (see {@link CompensatedSum}). The variance numerator {@code n * sumSq - sum^2} is then
 * formed in double-double too, so the textbook cancellation of the one-pass formula costs about 2^-104 of
 * {@code n * sumSq} instead of 2^-52: the result is within a few ulps of the exact variance of the values unless
 * {@code mean^2 / variance} exceeds about 2^50, which log returns never approach. The sums are reset to exact zero
 * whenever the window empties, so no residue outlives the values that produced it.
 */
final class DoubleMoments
{
    private long count;
    private final CompensatedSum sum = new CompensatedSum();
    private final CompensatedSum sumSquares = new CompensatedSum();

    void add(final double value)
    {
        count++;
        sum.add(value);
        sumSquares.addSquare(value);
    }

    void remove(final double value)
    {
        count--;
        if (count == 0)
        {
            reset();
            return;
        }
        sum.add(-value);
        sumSquares.subtractSquare(value);
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

    double sum()
    {
        return sum.hi();
    }

    double sumOfSquares()
    {
        // Removing squares can leave a residue a hair below zero; a sum of squares is never negative.
        return Math.max(0.0, sumSquares.hi());
    }

    double mean()
    {
        return count == 0 ? Double.NaN : sum.hi() / count;
    }

    double variance()
    {
        if (count <= 1)
        {
            // One sample has no spread; say so exactly rather than report the sums' residue from removed samples.
            return count == 0 ? Double.NaN : 0.0;
        }
        return numerator() / ((double)count * count);
    }

    double sampleVariance()
    {
        return count < 2 ? Double.NaN : numerator() / ((double)count * (count - 1));
    }

    private double numerator()
    {
        final double n = count;
        // n * sumSq as a double-double: the exact product of the high part plus the (tiny) low part's product.
        final double a = sumSquares.hi() * n;
        final double aErr = Math.fma(sumSquares.hi(), n, -a) + sumSquares.lo() * n;
        // sum^2 likewise.
        final double b = sum.hi() * sum.hi();
        final double bErr = Math.fma(sum.hi(), sum.hi(), -b) + 2.0 * sum.hi() * sum.lo();
        // (a + aErr) - (b + bErr) with the rounding error of a - b captured exactly (TwoSum), so the numerator is
        // rounded about once however much of a and b cancels.
        final double difference = a - b;
        final double virtual = difference - a;
        final double differenceErr = (a - (difference - virtual)) + (-b - virtual);
        final double numerator = difference + (differenceErr + (aErr - bErr));
        return Math.max(0.0, numerator);
    }
}
