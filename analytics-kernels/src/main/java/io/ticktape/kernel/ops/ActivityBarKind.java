package io.ticktape.kernel.ops;

/**
 * What closes an activity bar.
 */
public enum ActivityBarKind
{
    /** Closes when the bar's cumulative volume (sum of sizes) reaches the threshold. */
    VOLUME,
    /** Closes when the bar's trade count reaches the threshold. */
    TICK,
    /**
     * Closes when the bar's cumulative absolute notional, {@code sum of |price * size|} in mantissa-times-size units,
     * reaches the threshold. Absolute per trade, so trades at negative prices (calendar spreads) add activity rather
     * than cancel it.
     */
    NOTIONAL
}
