package io.ticktape.engine;

import io.ticktape.engine.cli.TicktapeCli;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.VwapUpdateDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 5: bars and session VWAP published over a journaled run equal what an independent SQL engine (DuckDB, test
 * scope) computes from the journal exported to CSV with {@code ticktape export}. Prices are compared as exact
 * decimals (DuckDB DECIMAL vs mantissa x 10^exponent), volumes and counts exactly, VWAP to a relative 1e-12.
 */
class DuckDbCrossCheckTest
{
    private static final long SEED = 11;
    private static final int INSTRUMENTS = 8;
    private static final long RATE = 1_000;
    private static final long MESSAGES = 150_000;
    private static final long[] INTERVALS_NS = { TimeUnit.SECONDS.toNanos(1), TimeUnit.MINUTES.toNanos(1) };
    private static final double VWAP_RELATIVE_TOLERANCE = 1e-12;
    private static final long DAY_NS = TimeUnit.DAYS.toNanos(1);

    /** One bar, prices as normalised decimals, VWAP kept apart as it is compared with a tolerance. */
    record BarRow(
        String symbol, long intervalNs, long openTimeNs, BigDecimal open, BigDecimal high, BigDecimal low,
        BigDecimal close, long volume, long tradeCount, long firstTradeNs, long lastTradeNs)
    {
    }

    record SessionRow(String symbol, long volume, long tradeCount, BigDecimal lastPrice)
    {
    }

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldPublishBarsAndVwapEqualToDuckDbWhenComputedFromTheExportedJournal() throws Exception
    {
        final Path dataDir = dir.resolve("data");
        final Collector collector = runEngine(dataDir);

        final Path csv = dir.resolve("trades.csv");
        assertThat(TicktapeCli.execute("export", "--data-dir", dataDir.toString(), "--table", "trades", "--format",
            "csv", "--output", csv.toString())).isZero();

        assertThat(collector.symbols).hasSize(INSTRUMENTS);
        assertThat(collector.exponents.values()).allSatisfy(exponent -> assertThat(exponent).isBetween(-9, 0));

        // The kernel's bars, keyed by symbol, interval and open time: each published once, closed or in progress.
        final List<BarRow> kernelBars = new ArrayList<>();
        final Map<BarRow, Double> kernelVwaps = new HashMap<>();
        final Set<BarRow> inProgress = new HashSet<>();
        final Set<List<Object>> keys = new HashSet<>();
        for (final PublishedBar bar : collector.bars)
        {
            final String symbol = collector.symbols.get(bar.instrument);
            assertThat(bar.priceExponent).isEqualTo(collector.exponents.get(bar.instrument));
            final BarRow row = new BarRow(symbol, bar.intervalNs, bar.openTimeNs,
                decimal(bar.open, bar.priceExponent), decimal(bar.high, bar.priceExponent),
                decimal(bar.low, bar.priceExponent), decimal(bar.close, bar.priceExponent), bar.volume,
                bar.tradeCount, bar.firstTradeNs, bar.lastTradeNs);
            assertThat(keys.add(List.of(symbol, bar.intervalNs, bar.openTimeNs)))
                .as("bar %s published once", row).isTrue();
            kernelBars.add(row);
            kernelVwaps.put(row, bar.vwap * Math.pow(10, bar.priceExponent));
            if (!bar.closed)
            {
                inProgress.add(row);
            }
        }

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
            Statement statement = duck.createStatement())
        {
            statement.execute("CREATE TABLE trades AS SELECT * FROM read_csv('" + csv.toString().replace("'", "''") +
                "', header = true, delim = ',', columns = {'seq': 'BIGINT', 'ts_ns': 'BIGINT', " +
                "'symbol': 'VARCHAR', 'type': 'VARCHAR', 'price': 'DECIMAL(38,9)', 'size': 'BIGINT', " +
                "'bid': 'DECIMAL(38,9)', 'bid_size': 'BIGINT', 'ask': 'DECIMAL(38,9)', 'ask_size': 'BIGINT'})");
            try (ResultSet rs = statement.executeQuery(
                "SELECT count(*), count(DISTINCT symbol), min(ts_ns) // " + DAY_NS + ", max(ts_ns) // " + DAY_NS +
                ", count(*) FILTER (WHERE type <> 'trade' OR price IS NULL OR size IS NULL) FROM trades"))
            {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("trades exported").isGreaterThan(10_000);
                assertThat(rs.getLong(2)).isEqualTo(INSTRUMENTS);
                assertThat(rs.getLong(3)).as("the run stays inside one UTC day").isEqualTo(rs.getLong(4));
                assertThat(rs.getLong(5)).as("rows that are not whole trades").isZero();
            }

            // (a) Bars: every bar the kernel published, closed or in progress, equals DuckDB's, and none is missing.
            final List<BarRow> duckBars = new ArrayList<>();
            final Map<BarRow, Double> duckVwaps = new HashMap<>();
            final Set<BarRow> duckLastBars = new HashSet<>();
            for (final long intervalNs : INTERVALS_NS)
            {
                try (ResultSet rs = statement.executeQuery(
                    "SELECT *, open_ns = max(open_ns) OVER (PARTITION BY symbol) FROM (" +
                    "SELECT symbol, " + intervalNs + " AS interval_ns, (ts_ns // " + intervalNs + ") * " +
                    intervalNs + " AS open_ns, arg_min(price, seq), max(price), min(price), arg_max(price, seq), " +
                    "sum(size), count(*), min(ts_ns), max(ts_ns), sum(price * size) / sum(size) " +
                    "FROM trades GROUP BY symbol, open_ns)"))
                {
                    while (rs.next())
                    {
                        final BarRow row = new BarRow(rs.getString(1), rs.getLong(2), rs.getLong(3),
                            normal(rs.getBigDecimal(4)), normal(rs.getBigDecimal(5)), normal(rs.getBigDecimal(6)),
                            normal(rs.getBigDecimal(7)), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                            rs.getLong(11));
                        duckBars.add(row);
                        duckVwaps.put(row, rs.getDouble(12));
                        if (rs.getBoolean(13))
                        {
                            duckLastBars.add(row);
                        }
                    }
                }
            }
            final Comparator<BarRow> order = Comparator.comparing(BarRow::symbol)
                .thenComparingLong(BarRow::intervalNs).thenComparingLong(BarRow::openTimeNs);
            kernelBars.sort(order);
            duckBars.sort(order);
            assertThat(kernelBars.size() - inProgress.size()).as("closed bars").isGreaterThan(100);
            assertThat(kernelBars.stream().filter(bar -> bar.intervalNs == INTERVALS_NS[1]).count())
                .as("minute bars: at least two per symbol").isGreaterThanOrEqualTo(2L * INSTRUMENTS);
            assertThat(kernelBars).containsExactlyElementsOf(duckBars);
            assertThat(inProgress).as("the bars still open at shutdown are each symbol's last")
                .containsExactlyInAnyOrderElementsOf(duckLastBars);
            for (final BarRow bar : duckBars)
            {
                final double expected = duckVwaps.get(bar);
                assertThat(kernelVwaps.get(bar)).as("VWAP of %s", bar)
                    .isCloseTo(expected, within(Math.abs(expected) * VWAP_RELATIVE_TOLERANCE));
            }

            // (b) Session VWAP after each symbol's last trade (one UTC day session).
            final Map<String, SessionRow> duckSessions = new HashMap<>();
            final Map<String, Double> duckSessionVwaps = new HashMap<>();
            try (ResultSet rs = statement.executeQuery(
                "SELECT symbol, sum(size), count(*), arg_max(price, seq), sum(price * size) / sum(size) " +
                "FROM trades WHERE ts_ns // " + DAY_NS + " = (SELECT max(ts_ns) // " + DAY_NS + " FROM trades) " +
                "GROUP BY symbol"))
            {
                while (rs.next())
                {
                    duckSessions.put(rs.getString(1),
                        new SessionRow(rs.getString(1), rs.getLong(2), rs.getLong(3), normal(rs.getBigDecimal(4))));
                    duckSessionVwaps.put(rs.getString(1), rs.getDouble(5));
                }
            }
            final Map<String, SessionRow> kernelSessions = new HashMap<>();
            final Map<String, Double> kernelSessionVwaps = new HashMap<>();
            collector.lastVwaps.forEach((instrument, update) ->
            {
                final String symbol = collector.symbols.get(instrument);
                kernelSessions.put(symbol, new SessionRow(symbol, update.volume, update.tradeCount,
                    decimal(update.lastPrice, update.priceExponent)));
                kernelSessionVwaps.put(symbol, update.vwap * Math.pow(10, update.priceExponent));
            });
            assertThat(kernelSessions).isEqualTo(duckSessions);
            duckSessionVwaps.forEach((symbol, expected) -> assertThat(kernelSessionVwaps.get(symbol))
                .as("session VWAP of %s", symbol)
                .isCloseTo(expected, within(Math.abs(expected) * VWAP_RELATIVE_TOLERANCE)));
        }
    }

    private Collector runEngine(final Path dataDir) throws Exception
    {
        final Collector collector = new Collector();
        try (EngineUnderTest engine = new EngineUnderTest(dir, dataDir, collector))
        {
            final EngineConfig config = engine.config;
            config.simulator.seed = SEED;
            config.simulator.instruments = INSTRUMENTS;
            config.simulator.rate = RATE;
            config.simulator.paced = false;
            config.simulator.maxMessages = MESSAGES;
            final Map<String, Long> counters = engine.runFeedToEnd(TimeUnit.MINUTES.toNanos(1));
            assertThat(counters.get("engine.errors")).isZero();
            assertThat(counters.get("publisher.ticks.back_pressure_drops")).isZero();
            assertThat(counters.get("publisher.analytics.back_pressure_drops")).isZero();
            assertThat(collector.received()).as("messages received")
                .isEqualTo(counters.get("publisher.ticks.published") + counters.get("publisher.analytics.published"));
        }
        return collector;
    }

    private static BigDecimal decimal(final long mantissa, final int exponent)
    {
        return normal(BigDecimal.valueOf(mantissa, -exponent));
    }

    private static BigDecimal normal(final BigDecimal value)
    {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    private record PublishedBar(
        int instrument, long intervalNs, long openTimeNs, long open, long high, long low, long close, long volume,
        long tradeCount, double vwap, long firstTradeNs, long lastTradeNs, int priceExponent, boolean closed)
    {
    }

    private record PublishedVwap(long volume, long tradeCount, long lastPrice, double vwap, int priceExponent)
    {
    }

    /**
     * Learns instrument id to symbol from the ticks stream and collects bars and VWAP from the analytics stream.
     */
    private static final class Collector extends PollingCollector
    {
        final Map<Integer, String> symbols = new HashMap<>();
        final Map<Integer, Integer> exponents = new HashMap<>();
        final List<PublishedBar> bars = new ArrayList<>();
        final Map<Integer, PublishedVwap> lastVwaps = new HashMap<>();

        @Override
        public void onInstrument(final InstrumentTickDecoder m)
        {
            symbols.put((int)m.instrumentId(), m.symbol().trim());
            exponents.put((int)m.instrumentId(), (int)m.priceExponent());
        }

        @Override
        public void onVwap(final VwapUpdateDecoder m)
        {
            lastVwaps.put((int)m.instrumentId(), new PublishedVwap(m.volume(), m.tradeCount(),
                m.lastPriceMantissa(), m.vwap(), m.priceExponent()));
        }

        @Override
        public void onBar(final BarDecoder m)
        {
            bars.add(new PublishedBar((int)m.instrumentId(), m.intervalNs(), m.openTimeNs(), m.openMantissa(),
                m.highMantissa(), m.lowMantissa(), m.closeMantissa(), m.volume(), m.tradeCount(), m.vwap(),
                m.firstTradeNs(), m.lastTradeNs(), m.priceExponent(), m.closed() == BooleanType.TRUE));
        }
    }
}
