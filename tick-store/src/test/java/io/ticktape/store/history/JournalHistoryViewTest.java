package io.ticktape.store.history;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JournalHistoryView against a naive filter of what was journaled: random time ranges across chunk boundaries,
 * exchange times that step back (sorted by ts, then global sequence), undefined instruments, exponents.
 */
class JournalHistoryViewTest
{
    private static final long T0 = 1_767_571_200_000_000_000L;

    @TempDir
    Path dir;

    record Row(long ts, long seq, long a, long b, long c, long d)
    {
    }

    @Test
    void shouldScanExactlyTheJournaledRowsInTimeOrderWhenRangesCutChunks()
    {
        final SplittableRandom random = new SplittableRandom(17);
        final List<Row> trades = new ArrayList<>();
        final List<Row> quotes = new ArrayList<>();
        final Tick tick = new Tick();
        long seq = 0;
        try (TickJournal journal = new TickJournal(Journal.open(dir, "FAST_DAILY", false), () -> 0, new Counters()))
        {
            tick.type = TickType.INSTRUMENT;
            tick.globalSeq = ++seq;
            tick.instrumentId = 7;
            tick.symbol("XYZ");
            tick.priceExponent = -3;
            journal.append(tick, false);
            long ts = T0;
            for (int i = 0; i < 30_000; i++)
            {
                ts += random.nextInt(1_000_000);
                // Every 97th tick steps back in exchange time, some land on equal times.
                final long t = i % 97 == 0 ? ts - random.nextInt(5_000_000) : ts;
                tick.copyFrom(new Tick());
                tick.globalSeq = ++seq;
                tick.exchangeTimeNs = t;
                tick.instrumentId = i % 11 == 0 ? 8 : 7;
                if (random.nextBoolean())
                {
                    tick.type = TickType.TRADE;
                    tick.priceMantissa = random.nextLong(-5_000, 5_000);
                    tick.size = 1 + random.nextInt(100);
                    tick.aggressorSide = (byte)random.nextInt(3);
                    if (tick.instrumentId == 7)
                    {
                        trades.add(new Row(t, seq, tick.priceMantissa, tick.size, tick.aggressorSide, 0));
                    }
                }
                else
                {
                    tick.type = TickType.QUOTE;
                    tick.bidPriceMantissa = random.nextLong(-5_000, 5_000);
                    tick.askPriceMantissa = tick.bidPriceMantissa + 1;
                    tick.bidSize = random.nextInt(50);
                    tick.askSize = random.nextInt(50);
                    if (tick.instrumentId == 7)
                    {
                        quotes.add(new Row(t, seq, tick.bidPriceMantissa, tick.bidSize, tick.askPriceMantissa,
                            tick.askSize));
                    }
                }
                journal.append(tick, random.nextInt(30) == 0);
            }
        }
        final Comparator<Row> order = Comparator.comparingLong(Row::ts).thenComparingLong(Row::seq);
        trades.sort(order);
        quotes.sort(order);

        try (JournalHistoryView view = JournalHistoryView.load(dir, "FAST_DAILY"))
        {
            assertThat(view.symbols()).containsExactly("#8", "XYZ");
            assertThat(view.priceExponent("XYZ")).isEqualTo(-3);
            assertThat(view.priceExponent("#8")).isZero();
            assertThat(view.visibleGlobalSeq()).isEqualTo(seq);
            final long last = trades.get(trades.size() - 1).ts();
            for (int i = 0; i < 200; i++)
            {
                final long from = i == 0 ? Long.MIN_VALUE : T0 + random.nextLong(last - T0);
                final long to = i == 0 ? Long.MAX_VALUE : from + random.nextLong(1 + (last - from) / (1 + i % 4));
                final List<Row> gotTrades = new ArrayList<>();
                view.scanTrades("XYZ", from, to, block ->
                {
                    assertThat(block.count).isPositive();
                    for (int r = 0; r < block.count; r++)
                    {
                        gotTrades.add(new Row(block.ts[r], block.globalSeq[r], block.priceMantissa[r], block.size[r],
                            block.side[r], 0));
                    }
                });
                assertThat(gotTrades).as("trades in [%d, %d)", from, to)
                    .containsExactlyElementsOf(trades.stream().filter(r -> r.ts() >= from && r.ts() < to).toList());
                final List<Row> gotQuotes = new ArrayList<>();
                view.scanQuotes("XYZ", from, to, block ->
                {
                    for (int r = 0; r < block.count; r++)
                    {
                        gotQuotes.add(new Row(block.ts[r], block.globalSeq[r], block.bidPriceMantissa[r],
                            block.bidSize[r], block.askPriceMantissa[r], block.askSize[r]));
                    }
                });
                assertThat(gotQuotes).containsExactlyElementsOf(
                    quotes.stream().filter(r -> r.ts() >= from && r.ts() < to).toList());
            }
            view.scanTrades("NOPE", Long.MIN_VALUE, Long.MAX_VALUE, block -> assertThat(block).isNull());
            view.scanTrades("XYZ", T0 + 5, T0 + 5, block -> assertThat(block).isNull());
        }
    }

    @Test
    void shouldRefuseADirectoryWithoutAJournal()
    {
        assertThatThrownBy(() -> JournalHistoryView.load(dir.resolve("none"), "FAST_DAILY"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("no journal in ");
    }
}
