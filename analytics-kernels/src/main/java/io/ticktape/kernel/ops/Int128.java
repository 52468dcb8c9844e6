package io.ticktape.kernel.ops;

import java.math.BigInteger;

/**
 * A mutable, exact 128-bit two's-complement integer, for sums of {@code long} values and of {@code price * size}
 * products. Arithmetic is modulo 2^128, so a sum is exact while it stays within +-2^127: any number of {@code long}
 * values below 2^64 of them, or 2^27 products below 2^100 in magnitude (a price below 2^60 times a size below 2^40,
 * far beyond any real instrument). Not thread safe.
 */
public final class Int128
{
    private long hi;
    private long lo;

    /**
     * Set to zero.
     *
     * @return this.
     */
    public Int128 reset()
    {
        hi = 0;
        lo = 0;
        return this;
    }

    /**
     * Set to the given words.
     *
     * @param hi the high 64 bits (signed).
     * @param lo the low 64 bits.
     * @return this.
     */
    public Int128 set(final long hi, final long lo)
    {
        this.hi = hi;
        this.lo = lo;
        return this;
    }

    /**
     * Add a signed 64-bit value.
     *
     * @param value to add.
     * @return this.
     */
    public Int128 add(final long value)
    {
        return add(value >> 63, value);
    }

    /**
     * Subtract a signed 64-bit value.
     *
     * @param value to subtract.
     * @return this.
     */
    public Int128 subtract(final long value)
    {
        return subtract(value >> 63, value);
    }

    /**
     * Add the exact product {@code a * b}.
     *
     * @param a signed factor.
     * @param b signed factor.
     * @return this.
     */
    public Int128 addProduct(final long a, final long b)
    {
        return add(Math.multiplyHigh(a, b), a * b);
    }

    /**
     * Subtract the exact product {@code a * b}.
     *
     * @param a signed factor.
     * @param b signed factor.
     * @return this.
     */
    public Int128 subtractProduct(final long a, final long b)
    {
        return subtract(Math.multiplyHigh(a, b), a * b);
    }

    /**
     * Add the absolute value of the exact product {@code a * b}.
     *
     * @param a signed factor.
     * @param b signed factor.
     * @return this.
     */
    public Int128 addAbsProduct(final long a, final long b)
    {
        final long productHi = Math.multiplyHigh(a, b);
        final long productLo = a * b;
        if (productHi < 0)
        {
            // Two's-complement negation of the 128-bit product; |Long.MIN_VALUE * Long.MIN_VALUE| fits comfortably.
            final long negLo = -productLo;
            return add(~productHi + (productLo == 0 ? 1 : 0), negLo);
        }
        return add(productHi, productLo);
    }

    /**
     * Add a 128-bit value given as words.
     *
     * @param otherHi high 64 bits (signed).
     * @param otherLo low 64 bits.
     * @return this.
     */
    public Int128 add(final long otherHi, final long otherLo)
    {
        final long sum = lo + otherLo;
        final long carry = Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
        lo = sum;
        hi += otherHi + carry;
        return this;
    }

    /**
     * Subtract a 128-bit value given as words.
     *
     * @param otherHi high 64 bits (signed).
     * @param otherLo low 64 bits.
     * @return this.
     */
    public Int128 subtract(final long otherHi, final long otherLo)
    {
        final long borrow = Long.compareUnsigned(lo, otherLo) < 0 ? 1 : 0;
        lo -= otherLo;
        hi -= otherHi + borrow;
        return this;
    }

    /**
     * @return the high 64 bits (carries the sign).
     */
    public long hi()
    {
        return hi;
    }

    /**
     * @return the low 64 bits.
     */
    public long lo()
    {
        return lo;
    }

    /**
     * @return -1, 0 or 1 as the value is negative, zero or positive.
     */
    public int signum()
    {
        if (hi != 0)
        {
            return hi < 0 ? -1 : 1;
        }
        return lo == 0 ? 0 : 1;
    }

    /**
     * @return whether the value is a {@code long} without loss.
     */
    public boolean fitsInLong()
    {
        return hi == (lo >> 63);
    }

    /**
     * @return the value when it fits in a {@code long}, otherwise {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE}
     * by sign (saturated).
     */
    public long toLongSaturated()
    {
        if (fitsInLong())
        {
            return lo;
        }
        return hi < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    /**
     * Compare with a {@code long}.
     *
     * @param value to compare with.
     * @return negative, zero or positive as this is less than, equal to or greater than {@code value}.
     */
    public int compareTo(final long value)
    {
        final long valueHi = value >> 63;
        if (hi != valueHi)
        {
            return hi < valueHi ? -1 : 1;
        }
        return Long.compareUnsigned(lo, value);
    }

    /**
     * @return the nearest double (ties to even), the same as {@code BigInteger.doubleValue()} gives.
     */
    public double toDouble()
    {
        if (fitsInLong())
        {
            return (double)lo;
        }
        if (hi < 0)
        {
            final long magLo = -lo;
            final long magHi = ~hi + (lo == 0 ? 1 : 0);
            return -WideMath.unsignedToDouble(0, magHi, magLo);
        }
        return WideMath.unsignedToDouble(0, hi, lo);
    }

    @Override
    public String toString()
    {
        // Diagnostics only (control path): the exact decimal value.
        final BigInteger magnitude = new BigInteger(1, toBytes());
        return (hi < 0 ? magnitude.subtract(BigInteger.ONE.shiftLeft(128)) : magnitude).toString();
    }

    private byte[] toBytes()
    {
        final byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(hi >>> (56 - 8 * i));
            bytes[8 + i] = (byte)(lo >>> (56 - 8 * i));
        }
        return bytes;
    }
}
