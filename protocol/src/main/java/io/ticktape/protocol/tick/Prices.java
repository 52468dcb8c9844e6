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
}
