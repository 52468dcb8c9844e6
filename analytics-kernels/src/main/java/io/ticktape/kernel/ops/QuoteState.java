package io.ticktape.kernel.ops;

/**
 * Detects crossed ({@code bid > ask}) and locked ({@code bid == ask}) quotes, and how long the condition has
 * lasted. Prices compare as signed mantissas, so negative prices (calendar spreads) work as they should; a side
 * with a non-positive size is missing and the quote is {@link QuoteCondition#ONE_SIDED}, never crossed.
 * <p>
 * The score is a severity: 0 normal or one-sided, 1 locked, 2 crossed. The inputs are exposed ({@link #bid()},
 * {@link #ask()}, {@link #sinceNs()}): a crossing that persists is more telling than one that flickers between
 * venues, and that judgement belongs to the rules that read it.
 * <p>
 * Single writer; allocation-free.
 */
public final class QuoteState
{
    private QuoteCondition condition = QuoteCondition.ONE_SIDED;
    private long sinceNs = Long.MIN_VALUE;
    private long bid;
    private long ask;
    private long lockedQuotes;
    private long crossedQuotes;

    /**
     * @param timeNs      quote time.
     * @param bidMantissa best bid price.
     * @param bidSize     best bid size; not positive means no bid.
     * @param askMantissa best ask price.
     * @param askSize     best ask size; not positive means no ask.
     * @return the condition of this quote.
     */
    public QuoteCondition update(
        final long timeNs, final long bidMantissa, final long bidSize, final long askMantissa, final long askSize)
    {
        bid = bidMantissa;
        ask = askMantissa;
        final QuoteCondition next;
        if (bidSize <= 0 || askSize <= 0)
        {
            next = QuoteCondition.ONE_SIDED;
        }
        else if (bidMantissa > askMantissa)
        {
            next = QuoteCondition.CROSSED;
            crossedQuotes++;
        }
        else if (bidMantissa == askMantissa)
        {
            next = QuoteCondition.LOCKED;
            lockedQuotes++;
        }
        else
        {
            next = QuoteCondition.NORMAL;
        }
        if (next != condition || sinceNs == Long.MIN_VALUE)
        {
            condition = next;
            sinceNs = timeNs;
        }
        return next;
    }

    /**
     * @return the condition of the last quote ({@link QuoteCondition#ONE_SIDED} before any).
     */
    public QuoteCondition condition()
    {
        return condition;
    }

    /**
     * @return 0 normal or one-sided, 1 locked, 2 crossed.
     */
    public double score()
    {
        switch (condition)
        {
            case CROSSED:
                return 2.0;
            case LOCKED:
                return 1.0;
            default:
                return 0.0;
        }
    }

    /**
     * @return time of the first quote of the current condition's run, {@link Long#MIN_VALUE} before any quote.
     */
    public long sinceNs()
    {
        return sinceNs;
    }

    /**
     * @return last bid mantissa.
     */
    public long bid()
    {
        return bid;
    }

    /**
     * @return last ask mantissa.
     */
    public long ask()
    {
        return ask;
    }

    /**
     * @return locked quotes seen.
     */
    public long lockedQuotes()
    {
        return lockedQuotes;
    }

    /**
     * @return crossed quotes seen.
     */
    public long crossedQuotes()
    {
        return crossedQuotes;
    }
}
