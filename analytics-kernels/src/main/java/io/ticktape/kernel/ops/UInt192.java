package io.ticktape.kernel.ops;

/**
 * A mutable unsigned 192-bit integer (arithmetic modulo 2^192), wide enough for an exact sum of squares of up to
 * 2^31 {@code long} values (each square is below 2^126) and for the variance numerator
 * {@code n * sum(x^2) - sum(x)^2}, which is at most {@code n * sum(x^2) < 2^188}.
 */
final class UInt192
{
    private long w0;
    private long w1;
    private long w2;

    void reset()
    {
        w0 = 0;
        w1 = 0;
        w2 = 0;
    }

    long w0()
    {
        return w0;
    }

    long w1()
    {
        return w1;
    }

    long w2()
    {
        return w2;
    }

    void addSquare(final long value)
    {
        // value^2 is non-negative and below 2^126, so the signed high word is the unsigned one.
        add(0, Math.multiplyHigh(value, value), value * value);
    }

    void subtractSquare(final long value)
    {
        subtract(0, Math.multiplyHigh(value, value), value * value);
    }

    void add(final long b2, final long b1, final long b0)
    {
        final long s0 = w0 + b0;
        final long c0 = Long.compareUnsigned(s0, w0) < 0 ? 1 : 0;
        final long t1 = w1 + b1;
        long c1 = Long.compareUnsigned(t1, w1) < 0 ? 1 : 0;
        final long s1 = t1 + c0;
        c1 += Long.compareUnsigned(s1, t1) < 0 ? 1 : 0;
        w0 = s0;
        w1 = s1;
        w2 += b2 + c1;
    }

    void subtract(final long b2, final long b1, final long b0)
    {
        final long d0 = w0 - b0;
        final long r0 = Long.compareUnsigned(w0, b0) < 0 ? 1 : 0;
        final long t1 = w1 - b1;
        long r1 = Long.compareUnsigned(w1, b1) < 0 ? 1 : 0;
        final long d1 = t1 - r0;
        r1 += Long.compareUnsigned(t1, r0) < 0 ? 1 : 0;
        w0 = d0;
        w1 = d1;
        w2 -= b2 + r1;
    }

    /**
     * Set this to {@code n * sumSquares - sum^2}, the exact variance numerator.
     *
     * @param sumSquares exact sum of squares.
     * @param n          count, non-negative.
     * @param sumHi      high word of the exact signed 128-bit sum.
     * @param sumLo      low word of the exact signed 128-bit sum.
     */
    void setVarianceNumerator(final UInt192 sumSquares, final long n, final long sumHi, final long sumLo)
    {
        // n * sumSquares, modulo 2^192 (the true value is below 2^188).
        final long p0 = sumSquares.w0 * n;
        final long h0 = WideMath.unsignedMultiplyHigh(sumSquares.w0, n);
        final long m1 = sumSquares.w1 * n;
        final long p1 = m1 + h0;
        final long h1 = WideMath.unsignedMultiplyHigh(sumSquares.w1, n) + (Long.compareUnsigned(p1, m1) < 0 ? 1 : 0);
        final long p2 = sumSquares.w2 * n + h1;
        w0 = p0;
        w1 = p1;
        w2 = p2;

        // |sum|^2 from the 128-bit magnitude mh:ml: ml^2 + 2*mh*ml*2^64 + mh^2*2^128, modulo 2^192.
        final boolean negative = sumHi < 0;
        final long ml = negative ? -sumLo : sumLo;
        final long mh = negative ? ~sumHi + (sumLo == 0 ? 1 : 0) : sumHi;
        final long ll0 = ml * ml;
        final long ll1 = WideMath.unsignedMultiplyHigh(ml, ml);
        final long hl0 = mh * ml;
        final long hl1 = WideMath.unsignedMultiplyHigh(mh, ml);
        final long cross1 = hl0 << 1;
        final long cross2 = (hl1 << 1) | (hl0 >>> 63);
        final long q1 = ll1 + cross1;
        final long carry = Long.compareUnsigned(q1, ll1) < 0 ? 1 : 0;
        final long q2 = cross2 + carry + mh * mh;
        subtract(q2, q1, ll0);
    }

    double toDouble()
    {
        return WideMath.unsignedToDouble(w2, w1, w0);
    }
}
