package io.ticktape.store.tsql;

import io.ticktape.protocol.status.Counters;
import io.ticktape.store.history.ColumnarHistory;
import io.ticktape.store.history.HistoryBuilder;
import io.ticktape.store.history.JournalHistoryView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * TSQL against DuckDB on the same generated trades and quotes: Ticktape reads them back from the Chronicle Queue
 * journal; DuckDB gets the generator's own records. Every query of the battery must give the same rows in the same
 * order; exact values (prices, sizes, counts, times) equal exactly, doubles to 1e-9 relative.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TsqlDuckDbDifferentialTest
{
    static final double RELATIVE = 1e-9;
    private static final long MIN = 60_000_000_000L;

    private Path dir;
    private TsqlTestData data;
    private JournalHistoryView view;
    private ColumnarHistory columnarView;
    private Connection duck;
    private ExecutorService workers;
    private Tsql serial;
    private Tsql parallel;
    private Tsql columnar;

    @BeforeAll
    void setUp() throws Exception
    {
        dir = Files.createTempDirectory("tsql-diff");
        data = TsqlTestData.generate(dir.resolve("data"), 42, 80_000, 90_000_000L);
        view = JournalHistoryView.load(dir.resolve("data"), "FAST_DAILY");
        duck = DriverManager.getConnection("jdbc:duckdb:");
        data.loadInto(duck, dir);
        workers = Executors.newFixedThreadPool(3);
        serial = new Tsql(view);
        parallel = new Tsql(view, workers, 3);
        // The same battery over the engine's columnar tier, built from the same journal as an engine would.
        HistoryBuilder.catchUp(dir.resolve("data"), "FAST_DAILY", new Counters());
        columnarView = ColumnarHistory.open(dir.resolve("data"));
        columnar = new Tsql(columnarView);
    }

    @AfterAll
    void tearDown() throws Exception
    {
        workers.shutdownNow();
        duck.close();
        view.close();
        columnarView.close();
    }

    static long iso(final String text)
    {
        return Binder.parseTime(new Ast.StringLit(text, 0, 0));
    }

    static Stream<Arguments> battery()
    {
        final String bars = "(ts // %d) * %d";
        final String b1m = String.format(bars, MIN, MIN);
        final String b5m = String.format(bars, 5 * MIN, 5 * MIN);
        final String from = Long.toString(iso("2026-01-05T00:30"));
        final String to = Long.toString(iso("2026-01-05T01:15"));
        return Stream.of(
            Arguments.of("1m OHLCV+VWAP bars, one symbol",
                "SELECT ts, first(price) AS open, max(price) AS high, min(price) AS low, last(price) AS close, " +
                "sum(size) AS volume, vwap(price, size) AS vwap, count(*) AS trades FROM trades " +
                "WHERE symbol = 'AAA' SAMPLE BY 1m",
                "SELECT " + b1m + " AS b, arg_min(price, seq), max(price), min(price), arg_max(price, seq), " +
                "sum(size), sum(price * size)::DOUBLE / sum(size), count(*) FROM trades WHERE symbol = 'AAA' " +
                "GROUP BY b ORDER BY b"),
            Arguments.of("5m bars, every symbol, GROUP BY symbol",
                "SELECT ts, symbol, first(price), max(price), min(price), last(price), sum(size), " +
                "vwap(price, size) FROM trades SAMPLE BY 5m GROUP BY symbol",
                "SELECT " + b5m + " AS b, symbol, arg_min(price, seq), max(price), min(price), " +
                "arg_max(price, seq), sum(size), sum(price * size)::DOUBLE / sum(size) FROM trades " +
                "GROUP BY b, symbol ORDER BY symbol, b"),
            Arguments.of("SAMPLE BY across symbols (one scope, mixed exponents)",
                "SELECT ts, count(*), sum(size), max(price), first(price), last(price), vwap(price, size) " +
                "FROM trades SAMPLE BY 5m",
                "SELECT " + b5m + " AS b, count(*), sum(size), max(price), arg_min(price, seq), " +
                "arg_max(price, seq), sum(price * size)::DOUBLE / sum(size) FROM trades GROUP BY b ORDER BY b"),
            Arguments.of("FILL(NONE) on a thin symbol",
                "SELECT ts, max(price), sum(size) FROM trades WHERE symbol = 'THIN' SAMPLE BY 1m FILL(NONE)",
                "SELECT " + b1m + " AS b, max(price), sum(size) FROM trades WHERE symbol = 'THIN' GROUP BY b " +
                "ORDER BY b"),
            Arguments.of("FILL(NULL)",
                "SELECT ts, max(price), sum(size), count(*) FROM trades WHERE symbol = 'THIN' SAMPLE BY 1m FILL(NULL)",
                filled("max(price) AS hi, sum(size) AS v, count(*) AS n", "hi, v, n")),
            Arguments.of("FILL(PREV)",
                "SELECT ts, max(price), sum(size) FROM trades WHERE symbol = 'THIN' SAMPLE BY 1m FILL(PREV)",
                filled("max(price) AS hi, sum(size) AS v",
                "last_value(hi IGNORE NULLS) OVER w, last_value(v IGNORE NULLS) OVER w") +
                "WINDOW w AS (ORDER BY r.b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
            Arguments.of("FILL(LINEAR)",
                "SELECT ts, max(price), sum(size) FROM trades WHERE symbol = 'THIN' SAMPLE BY 1m FILL(LINEAR)",
                linear()),
            Arguments.of("numeric predicates with AND/OR/NOT",
                "SELECT count(*), sum(size), avg(price), min(price), max(size) FROM trades " +
                "WHERE (price > 100.5 AND size >= 50) OR NOT (side = 1 OR size < 400)",
                "SELECT count(*), sum(size), avg(price::DOUBLE), min(price), max(size) FROM trades " +
                "WHERE (price > 100.5 AND size >= 50) OR NOT (side = 1 OR size < 400)"),
            Arguments.of("IN and ts BETWEEN ISO-8601",
                "SELECT symbol, count(*), sum(size), min(price), max(price) FROM trades " +
                "WHERE symbol IN ('AAA', 'SPRD', 'NOPE') AND ts BETWEEN '2026-01-05T00:30' AND '2026-01-05T01:15' " +
                "GROUP BY symbol",
                "SELECT symbol, count(*), sum(size), min(price), max(price) FROM trades " +
                "WHERE symbol IN ('AAA', 'SPRD', 'NOPE') AND ts BETWEEN " + from + " AND " + to +
                " GROUP BY symbol ORDER BY symbol"),
            Arguments.of("ts >= ISO and < epoch ns, NOT IN",
                "SELECT symbol, count(*), last(price) FROM trades WHERE ts >= '2026-01-05T01:00:00Z' AND ts < " + to +
                " AND symbol NOT IN ('BBB') GROUP BY symbol",
                "SELECT symbol, count(*), arg_max(price, seq) FROM trades WHERE ts >= " +
                iso("2026-01-05T01:00:00Z") + " AND ts < " + to + " AND symbol NOT IN ('BBB') GROUP BY symbol " +
                "ORDER BY symbol"),
            Arguments.of("per-symbol VWAP, stddev, variance, percentile",
                "SELECT symbol, vwap(price, size), stddev(price), variance(price), percentile(price, 0.9), " +
                "percentile(size, 0.5), avg(size) FROM trades GROUP BY symbol",
                "SELECT symbol, sum(price * size)::DOUBLE / sum(size), stddev_samp(price::DOUBLE), " +
                "var_samp(price::DOUBLE), quantile_cont(price::DOUBLE, 0.9), quantile_cont(size::DOUBLE, 0.5), " +
                "avg(size) FROM trades GROUP BY symbol ORDER BY symbol"),
            Arguments.of("ORDER BY value across exponents, LIMIT",
                "SELECT ts, symbol, price, size FROM trades WHERE size > 450 ORDER BY price DESC, ts LIMIT 25",
                "SELECT ts, symbol, price, size FROM trades WHERE size > 450 ORDER BY price DESC, ts LIMIT 25"),
            Arguments.of("ORDER BY an aggregate alias",
                "SELECT symbol, sum(size) AS volume FROM trades GROUP BY symbol ORDER BY volume DESC LIMIT 3",
                "SELECT symbol, sum(size) AS volume FROM trades GROUP BY symbol ORDER BY volume DESC LIMIT 3"),
            Arguments.of("LATEST BY symbol",
                "SELECT symbol, ts, price, size FROM trades LATEST BY symbol",
                "SELECT symbol, arg_max(ts, seq), arg_max(price, seq), arg_max(size, seq) FROM trades " +
                "GROUP BY symbol ORDER BY symbol"),
            Arguments.of("LATEST BY with a filter",
                "SELECT symbol, ts, price FROM trades WHERE size > 480 AND ts < '2026-01-05T01:00' LATEST BY symbol",
                "SELECT symbol, arg_max(ts, seq), arg_max(price, seq) FROM trades WHERE size > 480 AND ts < " +
                iso("2026-01-05T01:00") + " GROUP BY symbol ORDER BY symbol"),
            Arguments.of("ASOF JOIN trades to the prevailing quote",
                "SELECT t.ts, t.symbol, t.price, q.bid, q.ask, q.ts AS quote_ts, t.price - (q.bid + q.ask) / 2 " +
                "AS edge FROM trades t ASOF JOIN quotes q ON symbol WHERE t.symbol = 'BBB'",
                "SELECT t.ts, t.symbol, t.price, q.bid, q.ask, q.ts, t.price::DOUBLE - (q.bid + q.ask)::DOUBLE / 2 " +
                "FROM trades t ASOF JOIN quotes q ON t.symbol = q.symbol AND t.ts >= q.ts WHERE t.symbol = 'BBB' " +
                "ORDER BY t.ts"),
            Arguments.of("ASOF JOIN aggregated per symbol",
                "SELECT symbol, count(*), avg(ask - bid), max(price - bid), sum(ask_size) FROM trades " +
                "ASOF JOIN quotes ON symbol GROUP BY symbol",
                "SELECT t.symbol, count(*), avg((q.ask - q.bid)::DOUBLE), max(t.price - q.bid), sum(q.ask_size) " +
                "FROM trades t ASOF JOIN quotes q ON t.symbol = q.symbol AND t.ts >= q.ts GROUP BY t.symbol " +
                "ORDER BY t.symbol"),
            Arguments.of("bars_1m table with a time range",
                "SELECT ts, open, high, low, close, volume, vwap, count FROM bars_1m WHERE symbol = 'DDD' AND " +
                "ts >= '2026-01-05T01:00' AND ts < '2026-01-05T01:30:30'",
                "SELECT " + b1m + " AS b, arg_min(price, seq), max(price), min(price), arg_max(price, seq), " +
                "sum(size), sum(price * size)::DOUBLE / sum(size), count(*) FROM trades WHERE symbol = 'DDD' " +
                "GROUP BY b HAVING b >= " + iso("2026-01-05T01:00") + " AND b < " + iso("2026-01-05T01:30:30") +
                " ORDER BY b"),
            Arguments.of("bars_1h re-aggregated",
                "SELECT symbol, max(high) - min(low) AS range, sum(volume) FROM bars_1h GROUP BY symbol",
                "SELECT symbol, max(price) - min(price), sum(size) FROM trades GROUP BY symbol ORDER BY symbol"),
            Arguments.of("arithmetic on a negative-price symbol",
                "SELECT ts, price * size AS notional, price + 1.25, -price, size / 4, price * 2 - size FROM trades " +
                "WHERE symbol = 'SPRD' AND price < 0 LIMIT 40",
                "SELECT ts, price * size, price + 1.25, -price, size / 4, price * 2 - size FROM trades " +
                "WHERE symbol = 'SPRD' AND price < 0 ORDER BY ts LIMIT 40"),
            Arguments.of("expressions over aggregates per hour",
                "SELECT ts, symbol, max(price) - min(price) AS range, sum(size) * 2, last(price) / first(price) " +
                "FROM trades WHERE symbol = 'CCC' SAMPLE BY 1h",
                "SELECT (ts // 3600000000000) * 3600000000000 AS b, symbol, max(price) - min(price), sum(size) * 2, " +
                "arg_max(price, seq)::DOUBLE / arg_min(price, seq)::DOUBLE FROM trades WHERE symbol = 'CCC' " +
                "GROUP BY b, symbol ORDER BY b"),
            Arguments.of("quotes table",
                "SELECT symbol, count(*), max(ask - bid), min(bid), sum(bid_size) FROM quotes GROUP BY symbol",
                "SELECT symbol, count(*), max(ask - bid), min(bid), sum(bid_size) FROM quotes GROUP BY symbol " +
                "ORDER BY symbol"),
            Arguments.of("unknown symbol gives the empty aggregate",
                "SELECT count(*), sum(size), max(price) FROM trades WHERE symbol = 'NOPE'",
                "SELECT count(*), sum(size), max(price) FROM trades WHERE symbol = 'NOPE'"),
            Arguments.of("1s bars with percentile and stddev",
                "SELECT ts, percentile(price, 0.25), stddev(size), count(*) FROM trades WHERE symbol = 'AAA' " +
                "AND ts < '2026-01-05T00:20' SAMPLE BY 1s",
                "SELECT (ts // 1000000000) * 1000000000 AS b, quantile_cont(price::DOUBLE, 0.25), " +
                "stddev_samp(size), count(*) FROM trades WHERE symbol = 'AAA' AND ts < " +
                iso("2026-01-05T00:20") + " GROUP BY b ORDER BY b"));
    }

    private static String filled(final String aggregates, final String outputs)
    {
        return "WITH g AS (SELECT (ts // 60000000000) * 60000000000 AS b, " + aggregates + " FROM trades " +
            "WHERE symbol = 'THIN' GROUP BY 1), r AS (SELECT range AS b FROM range((SELECT min(b) FROM g), " +
            "(SELECT max(b) FROM g) + 1, 60000000000)) SELECT r.b, " + outputs + " FROM r LEFT JOIN g ON r.b = g.b " +
            (outputs.contains("OVER") ? "" : "ORDER BY r.b ");
    }

    private static String linear()
    {
        final String interpolate = "CASE WHEN %1$s IS NOT NULL THEN %1$s::DOUBLE ELSE " +
            "(last_value(%1$s IGNORE NULLS) OVER w)::DOUBLE + ((first_value(%1$s IGNORE NULLS) OVER f)::DOUBLE - " +
            "(last_value(%1$s IGNORE NULLS) OVER w)::DOUBLE) * ((r.b - last_value(g.b IGNORE NULLS) OVER w)::DOUBLE" +
            " / (first_value(g.b IGNORE NULLS) OVER f - last_value(g.b IGNORE NULLS) OVER w)::DOUBLE) END";
        return filled("max(price) AS hi, sum(size) AS v",
            String.format(interpolate, "hi") + ", " + String.format(interpolate, "v")) +
            "WINDOW w AS (ORDER BY r.b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), " +
            "f AS (ORDER BY r.b ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) ORDER BY r.b";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("battery")
    void shouldMatchDuckDbWhenRunningTheBattery(final String name, final String tsql, final String sql)
        throws Exception
    {
        final List<Object[]> expected = duck(sql.contains("OVER w") && !sql.contains("ORDER BY r.b") ?
            sql + " ORDER BY r.b" : sql);
        final QueryResult actual = serial.query(tsql);
        compare(name, actual, expected);
        compare(name + " (3 threads)", parallel.query(tsql), expected);
        compare(name + " (columnar tier)", columnar.query(tsql), expected);
        assertThat(expected).as("%s: a battery query that matches nothing proves little", name).isNotEmpty();
    }

    List<Object[]> duck(final String sql) throws Exception
    {
        final List<Object[]> rows = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql))
        {
            final ResultSetMetaData meta = rs.getMetaData();
            while (rs.next())
            {
                final Object[] row = new Object[meta.getColumnCount()];
                for (int i = 0; i < row.length; i++)
                {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static void compare(final String name, final QueryResult actual, final List<Object[]> expected)
    {
        assertThat(actual.rowCount()).as("%s: rows", name).isEqualTo(expected.size());
        for (int r = 0; r < expected.size(); r++)
        {
            final Object[] row = expected.get(r);
            assertThat(actual.columnCount()).as("%s: columns", name).isEqualTo(row.length);
            for (int c = 0; c < row.length; c++)
            {
                final Object want = row[c];
                final Object got = actual.value(r, c);
                final String where = name + ": row " + r + " column " + actual.columnName(c) + " want " + want +
                    " got " + got;
                if (null == want || null == got)
                {
                    assertThat(got).as(where).isEqualTo(want);
                }
                else if (got instanceof Double || want instanceof Double || want instanceof Float)
                {
                    final double a = ((Number)got).doubleValue();
                    final double b = want instanceof BigDecimal d ? d.doubleValue() : ((Number)want).doubleValue();
                    if (a != b && Math.abs(a - b) > RELATIVE * Math.max(Math.abs(a), Math.abs(b)))
                    {
                        fail(where);
                    }
                }
                else if (got instanceof String)
                {
                    assertThat(got).as(where).isEqualTo(want.toString());
                }
                else
                {
                    final BigDecimal a = got instanceof BigDecimal d ? d : BigDecimal.valueOf((Long)got);
                    final BigDecimal b = new BigDecimal(want.toString());
                    assertThat(a.compareTo(b)).as(where).isZero();
                }
            }
        }
    }
}
