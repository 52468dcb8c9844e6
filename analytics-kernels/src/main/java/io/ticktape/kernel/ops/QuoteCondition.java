package io.ticktape.kernel.ops;

/**
 * The state of a top of book.
 */
public enum QuoteCondition
{
    /** Both sides present and bid below ask. */
    NORMAL,
    /** A side is missing (size zero or negative): nothing to compare. */
    ONE_SIDED,
    /** Bid equals ask. */
    LOCKED,
    /** Bid above ask. */
    CROSSED
}
