package io.ticktape.feed.mdp3;

/**
 * Prices normalized to CME's PRICE9 (mantissa, exponent -9): templates from schema version 9 on carry them as
 * they are, the older templates (27, 29, 32, 41, 42) carry PRICE (exponent -7) and are scaled by 100.
 * <p>
 * Display price = mantissa * 10^-9 * DisplayFactor, where DisplayFactor comes with the instrument definition
 * (0.01 for ES, for example). Ticks carry the exchange's price, not the display price.
 */
final class Prices9
{
    /** A price that is null on the wire or does not fit once scaled; no real price comes near it. */
    static final long INVALID = Long.MIN_VALUE;
    /** Power of ten of a PRICE9 mantissa. */
    static final int EXPONENT = -9;

    /** The null value of PRICENULL and PRICENULL9 mantissas. */
    static final long NULL_MANTISSA = Long.MAX_VALUE;

    private static final long PRICE7_SCALE = 100;
    private static final long MAX_PRICE7 = Long.MAX_VALUE / PRICE7_SCALE;

    private Prices9()
    {
    }

    /**
     * @param mantissa a PRICE or PRICENULL (exponent -7) mantissa, possibly negative.
     * @return the PRICE9 mantissa, or {@link #INVALID} if null or out of range.
     */
    static long fromPrice7(final long mantissa)
    {
        if (mantissa == NULL_MANTISSA || mantissa > MAX_PRICE7 || mantissa < -MAX_PRICE7)
        {
            return INVALID;
        }
        return mantissa * PRICE7_SCALE;
    }

    /**
     * @param mantissa a PRICE9 or PRICENULL9 mantissa, possibly negative.
     * @return it, or {@link #INVALID} if null.
     */
    static long fromPrice9(final long mantissa)
    {
        return mantissa == NULL_MANTISSA ? INVALID : mantissa;
    }
}
