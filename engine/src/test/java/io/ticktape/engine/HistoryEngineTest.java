package io.ticktape.engine;

import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import io.ticktape.store.history.ColumnarHistory;
import org.agrona.collections.Int2ObjectHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine builds the history tier while it runs: after a simulated feed, the column files hold exactly the
 * journal's trades and quotes, symbol by symbol, in (ts, seq) order.
 */
class HistoryEngineTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldBuildTheHistoryTierFromTheJournalWhileRunning() throws Exception
    {
        final EngineConfig config = new EngineConfig();
        config.dataDir = dir.resolve("data").toString();
        config.embeddedAeronDir = dir.resolve("aeron").toString();
        config.simulator.instruments = 20;
        config.simulator.rate = 200_000;
        config.simulator.paced = false;
        config.simulator.maxMessages = 100_000;
        final Map<String, Long> counters;
        final TicktapeEngine engine = TicktapeEngine.launch(config);
        try
        {
            Await.until(engine::feedDone, 2, TimeUnit.MINUTES);
            assertThat(engine.stopFeedAndDrain(60_000)).isTrue();
            // Visible while the engine still runs, not only after close.
            Await.until(() -> engine.counters().value("history.visible_global_seq") >=
                engine.counters().value("journal.last_global_seq"), 1, TimeUnit.MINUTES);
            try (ColumnarHistory history = ColumnarHistory.open(Path.of(config.dataDir)))
            {
                assertThat(history.visibleGlobalSeq()).isEqualTo(engine.counters().value("journal.last_global_seq"));
            }
        }
        finally
        {
            engine.close();
        }
        counters = engine.counters().snapshot();
        assertThat(counters.get("engine.errors")).isZero();

        final Map<String, List<long[]>> trades = new TreeMap<>();
        final Map<String, List<long[]>> quotes = new TreeMap<>();
        final Int2ObjectHashMap<String> symbols = new Int2ObjectHashMap<>();
        try (JournalReader reader = new JournalReader(Journal.open(Path.of(config.dataDir), config.rollCycle, true)))
        {
            reader.readAll(t ->
            {
                if (t.type == TickType.INSTRUMENT)
                {
                    symbols.put(t.instrumentId, t.symbolAsString());
                }
                else if (t.type == TickType.TRADE)
                {
                    trades.computeIfAbsent(symbols.get(t.instrumentId), k -> new ArrayList<>())
                        .add(new long[]{ t.exchangeTimeNs, t.globalSeq, t.priceMantissa, t.size, t.aggressorSide });
                }
                else if (t.type == TickType.QUOTE)
                {
                    quotes.computeIfAbsent(symbols.get(t.instrumentId), k -> new ArrayList<>())
                        .add(new long[]{ t.exchangeTimeNs, t.globalSeq, t.bidPriceMantissa, t.bidSize,
                            t.askPriceMantissa, t.askSize });
                }
            });
        }
        final Comparator<long[]> order = Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]);
        try (ColumnarHistory history = ColumnarHistory.open(Path.of(config.dataDir)))
        {
            assertThat(history.symbols()).containsExactlyElementsOf(new TreeMap<>(trades).keySet());
            long tradeRows = 0;
            long quoteRows = 0;
            for (final String symbol : history.symbols())
            {
                final List<long[]> scanned = new ArrayList<>();
                history.scanTrades(symbol, Long.MIN_VALUE, Long.MAX_VALUE, b ->
                {
                    for (int i = 0; i < b.count; i++)
                    {
                        scanned.add(new long[]{ b.ts[i], b.globalSeq[i], b.priceMantissa[i], b.size[i], b.side[i] });
                    }
                });
                final List<long[]> expected = new ArrayList<>(trades.get(symbol));
                expected.sort(order);
                assertThat(scanned).as(symbol).containsExactlyElementsOf(expected);
                tradeRows += scanned.size();

                final List<long[]> scannedQuotes = new ArrayList<>();
                history.scanQuotes(symbol, Long.MIN_VALUE, Long.MAX_VALUE, b ->
                {
                    for (int i = 0; i < b.count; i++)
                    {
                        scannedQuotes.add(new long[]{ b.ts[i], b.globalSeq[i], b.bidPriceMantissa[i], b.bidSize[i],
                            b.askPriceMantissa[i], b.askSize[i] });
                    }
                });
                final List<long[]> expectedQuotes = new ArrayList<>(quotes.getOrDefault(symbol, List.of()));
                expectedQuotes.sort(order);
                assertThat(scannedQuotes).as(symbol).containsExactlyElementsOf(expectedQuotes);
                quoteRows += scannedQuotes.size();
            }
            final ColumnarHistory.Stats stats = history.stats();
            System.out.printf("history of the simulated feed: %d trades %.2f bytes each (raw 33), %d quotes %.2f " +
                "bytes each (raw 48)%n", tradeRows, (double)stats.tradeBytes / tradeRows, quoteRows,
                (double)stats.quoteBytes / quoteRows);
            assertThat(stats.tradeRows).isEqualTo(tradeRows);
            assertThat(tradeRows + quoteRows).isPositive();
        }
    }
}
