package io.ticktape.feed.mdp3;

import org.junit.jupiter.api.Test;

import static io.ticktape.feed.mdp3.PriceLevelBook.ACTION_CHANGE;
import static io.ticktape.feed.mdp3.PriceLevelBook.ACTION_DELETE;
import static io.ticktape.feed.mdp3.PriceLevelBook.ACTION_DELETE_FROM;
import static io.ticktape.feed.mdp3.PriceLevelBook.ACTION_DELETE_THRU;
import static io.ticktape.feed.mdp3.PriceLevelBook.ACTION_NEW;
import static io.ticktape.feed.mdp3.PriceLevelBook.ACTION_OVERLAY;
import static io.ticktape.feed.mdp3.PriceLevelBook.BID;
import static io.ticktape.feed.mdp3.PriceLevelBook.DEPTH;
import static io.ticktape.feed.mdp3.PriceLevelBook.OFFER;
import static org.assertj.core.api.Assertions.assertThat;

class PriceLevelBookTest
{
    private final PriceLevelBook book = new PriceLevelBook();

    @Test
    void shouldShiftLevelsDownWhenNewLevelIsInserted()
    {
        book.apply(BID, ACTION_NEW, 1, 100, 1);
        book.apply(BID, ACTION_NEW, 1, 101, 2);
        book.apply(BID, ACTION_NEW, 2, -5, 3);

        assertThat(levels(BID, 3)).containsExactly(101, 2, -5, 3, 100, 1);
    }

    @Test
    void shouldMoveLevelTwoUpWhenLevelOneIsDeleted()
    {
        book.apply(OFFER, ACTION_NEW, 1, 200, 1);
        book.apply(OFFER, ACTION_NEW, 2, 201, 2);

        book.apply(OFFER, ACTION_DELETE, 1, 0, 0);

        assertThat(levels(OFFER, 2)).containsExactly(201, 2, 0, 0);
    }

    @Test
    void shouldDropDeepestLevelWhenBookIsFull()
    {
        for (int level = 1; level <= DEPTH; level++)
        {
            book.apply(BID, ACTION_NEW, level, 100 - level, level);
        }
        book.apply(BID, ACTION_NEW, 1, 100, 99);

        assertThat(book.price(BID, 1)).isEqualTo(100);
        assertThat(book.price(BID, DEPTH)).isEqualTo(100 - (DEPTH - 1));
    }

    @Test
    void shouldReplaceLevelWhenChangedOrOverlaid()
    {
        book.apply(BID, ACTION_NEW, 1, 100, 1);
        book.apply(BID, ACTION_CHANGE, 1, 100, 7);
        assertThat(levels(BID, 1)).containsExactly(100, 7);

        book.apply(BID, ACTION_OVERLAY, 1, 99, 3);
        assertThat(levels(BID, 1)).containsExactly(99, 3);
    }

    @Test
    void shouldClearSideWhenDeleteThru()
    {
        book.apply(BID, ACTION_NEW, 1, 100, 1);
        book.apply(BID, ACTION_NEW, 2, 99, 1);
        book.apply(OFFER, ACTION_NEW, 1, 101, 1);

        book.apply(BID, ACTION_DELETE_THRU, 1, 0, 0);

        assertThat(levels(BID, 2)).containsExactly(0, 0, 0, 0);
        assertThat(levels(OFFER, 1)).containsExactly(101, 1);
    }

    @Test
    void shouldDeleteTopLevelsAndShiftUpWhenDeleteFrom()
    {
        for (int level = 1; level <= 4; level++)
        {
            book.apply(OFFER, ACTION_NEW, level, 100 + level, level);
        }

        book.apply(OFFER, ACTION_DELETE_FROM, 2, 0, 0);

        assertThat(levels(OFFER, 3)).containsExactly(103, 3, 104, 4, 0, 0);
    }

    @Test
    void shouldTellWhetherTopChangedSinceSaved()
    {
        book.apply(BID, ACTION_NEW, 1, 100, 1);
        book.saveTop();
        book.apply(BID, ACTION_NEW, 3, 90, 1);
        assertThat(book.topChanged()).isFalse();

        book.apply(BID, ACTION_CHANGE, 1, 100, 2);
        assertThat(book.topChanged()).isTrue();
    }

    @Test
    void shouldRejectUnknownAction()
    {
        assertThat(book.apply(BID, 6, 1, 1, 1)).isFalse();
    }

    private long[] levels(final int side, final int count)
    {
        final long[] values = new long[count * 2];
        for (int level = 1; level <= count; level++)
        {
            values[(level - 1) * 2] = book.price(side, level);
            values[(level - 1) * 2 + 1] = book.size(side, level);
        }
        return values;
    }
}
