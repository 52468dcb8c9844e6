package io.ticktape.store.tsql;

/**
 * Exact fixed-point helpers: mantissas are longs, exponents powers of ten.
 */
final class Decimals
{
    private static final long[] POW10 = new long[19];
    private static final double[] POW10_DOUBLE = new double[23];

    static
    {
        long p = 1;
        for (int i = 0; i < POW10.length; i++)
        {
            POW10[i] = p;
            p *= 10;
        }
        double d = 1;
        for (int i = 0; i < POW10_DOUBLE.length; i++)
        {
            POW10_DOUBLE[i] = d;
            d *= 10;
        }
    }

    private Decimals()
    {
    }

    static long pow10(final int n)
    {
        if (n < 0 || n >= POW10.length)
        {
            throw new ArithmeticException("decimal scale out of range: 10^" + n);
        }
        return POW10[n];
    }

    /**
     * @param exponent power of ten, may be negative.
     * @return 10^exponent as a double (exact for |exponent| &lt;= 22 when positive).
     */
    static double pow10Double(final int exponent)
    {
        if (exponent >= 0)
        {
            return exponent < POW10_DOUBLE.length ? POW10_DOUBLE[exponent] : Math.pow(10, exponent);
        }
        return -exponent < POW10_DOUBLE.length ? 1.0 / POW10_DOUBLE[-exponent] : Math.pow(10, exponent);
    }

    /**
     * @param mantissa of the value.
     * @param exponent of the value.
     * @return the nearest double (dividing by an exact power of ten rounds once, multiplying by 0.01 twice).
     */
    static double toDouble(final long mantissa, final int exponent)
    {
        if (exponent >= 0)
        {
            return mantissa * pow10Double(exponent);
        }
        if (-exponent < POW10_DOUBLE.length)
        {
            return mantissa / POW10_DOUBLE[-exponent];
        }
        return mantissa * Math.pow(10, exponent);
    }

    /**
     * Rescale to a smaller (finer) exponent, exactly.
     *
     * @param mantissa value.
     * @param from     its exponent.
     * @param to       target exponent, not above {@code from}.
     * @return the mantissa at {@code to}.
     * @throws ArithmeticException on overflow.
     */
    static long rescale(final long mantissa, final int from, final int to)
    {
        if (from == to)
        {
            return mantissa;
        }
        return Math.multiplyExact(mantissa, pow10(from - to));
    }

    static int compare(final long a, final int aExp, final long b, final int bExp)
    {
        if (aExp == bExp)
        {
            return Long.compare(a, b);
        }
        final int common = Math.min(aExp, bExp);
        try
        {
            return Long.compare(rescale(a, aExp, common), rescale(b, bExp, common));
        }
        catch (final ArithmeticException ex)
        {
            return Double.compare(toDouble(a, aExp), toDouble(b, bExp));
        }
    }
}
