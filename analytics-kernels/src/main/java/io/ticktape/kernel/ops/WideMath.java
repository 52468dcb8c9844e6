package io.ticktape.kernel.ops;

/**
 * Helpers for exact wide integer arithmetic on {@code long} words, and their correctly rounded conversion to double.
 */
final class WideMath
{
    private WideMath()
    {
    }

    /**
     * High 64 bits of the unsigned 128-bit product (Java 17 has only the signed {@code Math.multiplyHigh}).
     */
    static long unsignedMultiplyHigh(final long a, final long b)
    {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * Unsigned division by a positive divisor without allocating: Java 17's {@code Long.divideUnsigned} goes through
     * BigInteger when the dividend is 2^63 or more (Hacker's Delight, 9-3).
     *
     * @param dividend read as unsigned.
     * @param divisor  positive.
     * @return the unsigned quotient.
     */
    static long divideUnsigned(final long dividend, final long divisor)
    {
        if (dividend >= 0)
        {
            return dividend / divisor;
        }
        final long quotient = ((dividend >>> 1) / divisor) << 1;
        final long remainder = dividend - quotient * divisor;
        return quotient + (Long.compareUnsigned(remainder, divisor) >= 0 ? 1 : 0);
    }

    /**
     * @return the nearest double (ties to even) to {@code value} read as an unsigned 64-bit integer.
     */
    static double unsignedToDouble(final long value)
    {
        if (value >= 0)
        {
            return (double)value;
        }
        // Halve with the dropped bit kept as a sticky bit, so the single rounding of the conversion is correct.
        return (double)((value >>> 1) | (value & 1)) * 2.0;
    }

    /**
     * @return the nearest double (ties to even) to the unsigned 192-bit integer {@code w2:w1:w0}.
     */
    static double unsignedToDouble(final long w2, final long w1, final long w0)
    {
        final int bits;
        if (w2 != 0)
        {
            bits = 192 - Long.numberOfLeadingZeros(w2);
        }
        else if (w1 != 0)
        {
            bits = 128 - Long.numberOfLeadingZeros(w1);
        }
        else
        {
            return unsignedToDouble(w0);
        }
        // Keep the top 63 bits and fold every dropped bit into a sticky lowest bit: the long-to-double conversion
        // then rounds once, correctly, and the scaling back by a power of two is exact.
        final int shift = bits - 63;
        final long top = bitsFrom(w2, w1, w0, shift);
        final boolean sticky = anyBitBelow(w2, w1, w0, shift);
        return Math.scalb((double)(top | (sticky ? 1 : 0)), shift);
    }

    private static long word(final long w2, final long w1, final long w0, final int index)
    {
        switch (index)
        {
            case 0:
                return w0;
            case 1:
                return w1;
            case 2:
                return w2;
            default:
                return 0;
        }
    }

    private static long bitsFrom(final long w2, final long w1, final long w0, final int shift)
    {
        final int index = shift >>> 6;
        final int offset = shift & 63;
        final long low = word(w2, w1, w0, index);
        if (offset == 0)
        {
            // Java masks shift distances to 6 bits, so x << 64 would be x: a case of its own.
            return low;
        }
        return (low >>> offset) | (word(w2, w1, w0, index + 1) << (64 - offset));
    }

    private static boolean anyBitBelow(final long w2, final long w1, final long w0, final int shift)
    {
        final int index = shift >>> 6;
        final int offset = shift & 63;
        for (int i = 0; i < index; i++)
        {
            if (word(w2, w1, w0, i) != 0)
            {
                return true;
            }
        }
        return offset != 0 && (word(w2, w1, w0, index) & ((1L << offset) - 1)) != 0;
    }
}
