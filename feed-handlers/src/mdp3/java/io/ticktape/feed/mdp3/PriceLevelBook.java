package io.ticktape.feed.mdp3;

import java.util.Arrays;

/**
 * One security's market-by-price book as CME publishes it: up to {@link #DEPTH} levels a side, level 1 the best.
 * <p>
 * Only the top of each side leaves this class (as a QUOTE tick), but the deeper levels must be kept: a level-1
 * delete moves level 2 up without the exchange sending it again, and that happens on most trades. An empty level
 * has size 0 and price 0. Preallocated, so updates allocate nothing.
 */
final class PriceLevelBook
{
    /** Levels a side: CME's market-by-price depth for outrights and spreads ({@code MarketDepth} 10). */
    static final int DEPTH = 10;

    static final int BID = 0;
    static final int OFFER = 1;

    static final int ACTION_NEW = 0;
    static final int ACTION_CHANGE = 1;
    static final int ACTION_DELETE = 2;
    static final int ACTION_DELETE_THRU = 3;
    static final int ACTION_DELETE_FROM = 4;
    static final int ACTION_OVERLAY = 5;

    private final long[][] prices = new long[2][DEPTH];
    private final long[][] sizes = new long[2][DEPTH];
    private long savedBidPrice;
    private long savedBidSize;
    private long savedAskPrice;
    private long savedAskSize;
    /** The message this book was last touched in, so a message reports each book once. */
    long touchedInMessage = -1;

    /**
     * Apply one market-by-price entry.
     *
     * @param side   {@link #BID} or {@link #OFFER}.
     * @param action MDUpdateAction, 0 to 5.
     * @param level  1 to {@link #DEPTH}.
     * @param price  price mantissa (ignored by the deletes).
     * @param size   quantity (ignored by the deletes).
     * @return false if the action is not one of MDP3's.
     */
    boolean apply(final int side, final int action, final int level, final long price, final long size)
    {
        final long[] px = prices[side];
        final long[] qty = sizes[side];
        final int index = level - 1;
        switch (action)
        {
            case ACTION_NEW:
                // Levels at and below move down one; the last falls off.
                System.arraycopy(px, index, px, index + 1, DEPTH - 1 - index);
                System.arraycopy(qty, index, qty, index + 1, DEPTH - 1 - index);
                px[index] = price;
                qty[index] = size;
                return true;

            case ACTION_CHANGE:
            case ACTION_OVERLAY:
                px[index] = price;
                qty[index] = size;
                return true;

            case ACTION_DELETE:
                // Levels below move up one; the last becomes empty until the exchange fills it.
                System.arraycopy(px, index + 1, px, index, DEPTH - 1 - index);
                System.arraycopy(qty, index + 1, qty, index, DEPTH - 1 - index);
                px[DEPTH - 1] = 0;
                qty[DEPTH - 1] = 0;
                return true;

            case ACTION_DELETE_THRU:
                // The whole side goes, whatever the level.
                clear(side, 0, DEPTH);
                return true;

            case ACTION_DELETE_FROM:
                // Levels 1 to level go; those below move up to the top.
                System.arraycopy(px, level, px, 0, DEPTH - level);
                System.arraycopy(qty, level, qty, 0, DEPTH - level);
                clear(side, DEPTH - level, DEPTH);
                return true;

            default:
                return false;
        }
    }

    /**
     * Empty both sides (an MDEntryType book reset).
     */
    void reset()
    {
        clear(BID, 0, DEPTH);
        clear(OFFER, 0, DEPTH);
    }

    /**
     * Remember the top of book, to tell later whether a message changed it.
     */
    void saveTop()
    {
        savedBidPrice = prices[BID][0];
        savedBidSize = sizes[BID][0];
        savedAskPrice = prices[OFFER][0];
        savedAskSize = sizes[OFFER][0];
    }

    boolean topChanged()
    {
        return savedBidPrice != prices[BID][0] || savedBidSize != sizes[BID][0] ||
            savedAskPrice != prices[OFFER][0] || savedAskSize != sizes[OFFER][0];
    }

    long price(final int side, final int level)
    {
        return prices[side][level - 1];
    }

    long size(final int side, final int level)
    {
        return sizes[side][level - 1];
    }

    private void clear(final int side, final int from, final int to)
    {
        Arrays.fill(prices[side], from, to, 0L);
        Arrays.fill(sizes[side], from, to, 0L);
    }
}
