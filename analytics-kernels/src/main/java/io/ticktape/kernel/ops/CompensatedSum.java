package io.ticktape.kernel.ops;

/**
 * A double-double running sum (an unevaluated {@code hi + lo} pair, about 106 bits of significand). Every addition
 * captures its rounding error exactly (Knuth's TwoSum) and carries it in {@code lo}, so adding and later removing
 * the same values leaves an error near 2^-106 of the largest magnitude the sum held, instead of letting rounding
 * errors random-walk over a long stream as a plain {@code double} sum would.
 */
final class CompensatedSum
{
    private double hi;
    private double lo;

    void reset()
    {
        hi = 0.0;
        lo = 0.0;
    }

    void add(final double value)
    {
        final double sum = hi + value;
        final double virtual = sum - hi;
        final double error = (hi - (sum - virtual)) + (value - virtual);
        final double low = lo + error;
        // Renormalise with a full TwoSum, not the cheaper FastTwoSum: after a removal cancels most of the sum, the
        // carried low part can exceed the new high part, where FastTwoSum would lose an ulp of the result.
        final double high = sum + low;
        final double highVirtual = high - sum;
        lo = (sum - (high - highVirtual)) + (low - highVirtual);
        hi = high;
    }

    /**
     * Add {@code value * value} exactly: the product and its rounding error (from a fused multiply-add).
     */
    void addSquare(final double value)
    {
        final double square = value * value;
        add(square);
        add(Math.fma(value, value, -square));
    }

    void subtractSquare(final double value)
    {
        final double square = value * value;
        add(-square);
        add(-Math.fma(value, value, -square));
    }

    double hi()
    {
        return hi;
    }

    double lo()
    {
        return lo;
    }
}
