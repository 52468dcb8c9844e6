package io.ticktape.kernel;

/**
 * An exact 128-bit two's-complement sum of {@code price * size} products, so VWAP never overflows however long the
 * session, and stays exact for negative prices.
 */
final class Notional
{
    private long hi;
    private long lo;

    void reset()
    {
        hi = 0;
        lo = 0;
    }

    void add(final long priceMantissa, final long size)
    {
        final long productLo = priceMantissa * size;
        final long productHi = Math.multiplyHigh(priceMantissa, size);
        final long sum = lo + productLo;
        final long carry = Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
        lo = sum;
        hi += productHi + carry;
    }

    /**
     * @return the sum as the nearest double (exact conversion while it fits in a long).
     */
    double toDouble()
    {
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0))
        {
            return (double)lo;
        }
        final double unsignedLo = (double)(lo >>> 1) * 2.0 + (lo & 1);
        return (double)hi * 0x1p64 + unsignedLo;
    }

    long hi()
    {
        return hi;
    }

    long lo()
    {
        return lo;
    }
}
