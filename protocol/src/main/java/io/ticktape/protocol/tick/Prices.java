package io.ticktape.protocol.tick;

import java.math.BigDecimal;

/**
 * Fixed-point prices as text (control paths: exports, logs, the CLI).
 */
public final class Prices
{
    private Prices()
    {
    }

    /**
     * @param mantissa the price mantissa, possibly negative.
     * @param exponent the power of ten, e.g. -2 for cents.
     * @return the exact decimal, e.g. {@code -12.50}.
     */
    public static String toDecimal(final long mantissa, final int exponent)
    {
        return BigDecimal.valueOf(mantissa, -exponent).toPlainString();
    }

    /**
     * The shortest exact decimal: trailing zeros dropped, as people read prices ({@code -39.5}, not
     * {@code -39.500000000} for a CME PRICE9 mantissa).
     *
     * @param mantissa the price mantissa, possibly negative.
     * @param exponent the power of ten.
     * @return the exact decimal without trailing zeros, e.g. {@code 100} or {@code 2077.75}.
     */
    public static String toPlain(final long mantissa, final int exponent)
    {
        return BigDecimal.valueOf(mantissa, -exponent).stripTrailingZeros().toPlainString();
    }
}
