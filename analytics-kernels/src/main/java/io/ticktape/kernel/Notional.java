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
     * @return the sum as the nearest double (round half to even), as {@code BigInteger.doubleValue()} gives.
     */
    double toDouble()
    {
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0))
        {
            return (double)lo;
        }
        final boolean negative = hi < 0;
        long h = hi;
        long l = lo;
        if (negative)
        {
            l = ~l + 1;
            h = ~h + (l == 0 ? 1 : 0);
        }
        // Keep the top 63 bits of the magnitude and fold every dropped bit into a sticky lowest bit, so the one
        // rounding to 53 bits in the long-to-double conversion is the correct one; scaling back is exact.
        final int bits = h == 0 ? 64 - Long.numberOfLeadingZeros(l) : 128 - Long.numberOfLeadingZeros(h);
        final int shift = bits - 63;
        final long top;
        final boolean sticky;
        if (shift < 64)
        {
            top = (h << (64 - shift)) | (l >>> shift);
            sticky = (l << (64 - shift)) != 0;
        }
        else if (shift == 64)
        {
            // Java masks shift distances to 6 bits, so h << 64 would be h: a case of its own.
            top = h;
            sticky = l != 0;
        }
        else
        {
            top = h >>> (shift - 64);
            sticky = l != 0 || (h << (128 - shift)) != 0;
        }
        final double magnitude = Math.scalb((double)(top | (sticky ? 1 : 0)), shift);
        return negative ? -magnitude : magnitude;
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
