package io.ticktape.engine.cli;

import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import io.ticktape.store.history.ColumnarHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * import, dump and export as a user runs them, checked with DuckDB as the independent reader: it reads the source
 * CSV, our CSV export and our Parquet export, and all must agree row for row.
 */
class StoreCliTest
{
    private static final Path GLBX = Path.of("..", "..", "shared", "data", "databento-glbx", "historical_bars_catalog");

    private static final String TICK_TYPES = ", columns = {'seq': 'BIGINT', 'ts_ns': 'BIGINT', 'symbol': 'VARCHAR', " +
        "'type': 'VARCHAR', 'price': 'DOUBLE', 'size': 'BIGINT', 'bid': 'DOUBLE', 'bid_size': 'BIGINT', " +
        "'ask': 'DOUBLE', 'ask_size': 'BIGINT'})";
    private static final String BAR_TYPES = ", columns = {'symbol': 'VARCHAR', 'open_time_ns': 'BIGINT', " +
        "'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE', 'close': 'DOUBLE', 'volume': 'BIGINT', " +
        "'trade_count': 'BIGINT', 'vwap': 'DOUBLE'})";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldImportCsvAndExportTheSameRowsAsCsvAndParquet() throws Exception
    {
        final Path csv = dir.resolve("trades.csv");
        final SplittableRandom random = new SplittableRandom(3);
        final StringBuilder text = new StringBuilder("ts,symbol,price,size\n");
        final String[] symbols = { "AAA", "BBB", "SPRD" };
        final long[] price = { 10_000, 250_050, -1_250 };
        final int rows = 20_000;
        long ts = 1_719_878_000_000_000_000L;
        for (int i = 0; i < rows; i++)
        {
            ts += 1 + random.nextInt(50_000_000);
            final int s = random.nextInt(symbols.length);
            price[s] += random.nextInt(11) - 5;
            // AAA in cents, BBB in tenths of a cent, SPRD in eighths (exponent -3).
            final String p = s == 0 ? decimal(price[s], 2) : s == 1 ? decimal(price[s], 3) : decimal(price[s] * 125, 3);
            text.append(ts).append(',').append(symbols[s]).append(',').append(p).append(',')
                .append(1 + random.nextInt(100)).append('\n');
        }
        text.append("garbage,row\n");
        Files.writeString(csv, text);
        final Path data = dir.resolve("data");

        final CliRun imported = CliRun.run("import", "--csv", csv.toString(), "--data-dir", data.toString());
        assertThat(imported.exitCode).as(imported.err).isZero();
        assertThat(imported.out).contains(rows + 1 + " records: " + rows + " trades").contains("1 bad")
            .contains("bad line " + (rows + 2) + ": expected at least 4 fields, found 2");
        System.out.println("csv import: " + imported.out.lines().findFirst().orElse(""));

        final Path exportCsv = dir.resolve("export.csv");
        final Path exportParquet = dir.resolve("export.parquet");
        assertThat(CliRun.run("export", "--data-dir", data.toString(), "--table", "trades", "--format", "csv",
            "--output", exportCsv.toString()).exitCode).isZero();
        assertThat(CliRun.run("export", "--data-dir", data.toString(), "--table", "trades", "--format", "parquet",
            "--output", exportParquet.toString()).exitCode).isZero();

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
            Statement st = duck.createStatement())
        {
            st.execute("CREATE TABLE src AS SELECT * FROM read_csv('" + csv + "', header = true, ignore_errors = true, " +
                "columns = {'ts': 'BIGINT', 'symbol': 'VARCHAR', 'price': 'DECIMAL(18,3)', 'size': 'BIGINT'})");
            st.execute("CREATE TABLE ecsv AS SELECT * FROM read_csv('" + exportCsv + "', header = true" + TICK_TYPES);
            st.execute("CREATE TABLE epq AS SELECT * FROM read_parquet('" + exportParquet + "')");
            assertThat(count(st, "SELECT count(*) FROM src")).isEqualTo(rows);
            assertThat(count(st, "SELECT count(*) FROM epq")).isEqualTo(rows);
            // The import against DuckDB's own reading of the source: every row, exact prices.
            assertThat(count(st, "SELECT count(*) FROM (SELECT ts, symbol, price::DOUBLE, size FROM src EXCEPT " +
                "SELECT ts_ns, symbol, price, size FROM ecsv)")).isZero();
            // Parquet and CSV exports: the same rows, column for column.
            assertThat(count(st, "SELECT count(*) FROM (SELECT * FROM ecsv EXCEPT SELECT * FROM epq)")).isZero();
            assertThat(count(st, "SELECT count(*) FROM (SELECT * FROM epq EXCEPT SELECT * FROM ecsv)")).isZero();
            assertThat(count(st, "SELECT count(*) FROM epq WHERE bid IS NOT NULL")).isZero();
        }

        // Bars: CSV and Parquet agree, and DuckDB's own OHLCV from the source matches.
        final Path barsCsv = dir.resolve("bars.csv");
        final Path barsParquet = dir.resolve("bars.parquet");
        assertThat(CliRun.run("export", "--data-dir", data.toString(), "--table", "bars", "--output", barsCsv.toString())
            .exitCode).isZero();
        assertThat(CliRun.run("export", "--data-dir", data.toString(), "--table", "bars", "--format", "parquet",
            "--output", barsParquet.toString()).exitCode).isZero();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
            Statement st = duck.createStatement())
        {
            st.execute("CREATE TABLE src AS SELECT * FROM read_csv('" + csv + "', header = true, ignore_errors = true, " +
                "columns = {'ts': 'BIGINT', 'symbol': 'VARCHAR', 'price': 'DECIMAL(18,3)', 'size': 'BIGINT'})");
            st.execute("CREATE TABLE bc AS SELECT * FROM read_csv('" + barsCsv + "', header = true" + BAR_TYPES);
            st.execute("CREATE TABLE bp AS SELECT * FROM read_parquet('" + barsParquet + "')");
            assertThat(count(st, "SELECT count(*) FROM (SELECT * FROM bc EXCEPT SELECT * FROM bp)")).isZero();
            assertThat(count(st, "SELECT count(*) FROM bp")).isEqualTo(count(st, "SELECT count(*) FROM bc"));
            assertThat(count(st, "SELECT count(*) FROM (" +
                "SELECT symbol, (ts // 60000000000) * 60000000000 AS m, arg_min(price, ts)::DOUBLE, max(price)::DOUBLE, " +
                "min(price)::DOUBLE, arg_max(price, ts)::DOUBLE, sum(size), count(*) FROM src GROUP BY ALL " +
                "EXCEPT SELECT symbol, open_time_ns, open, high, low, close, volume, trade_count FROM bp)")).isZero();
        }

        // The history tier was brought up to date by the import.
        try (ColumnarHistory history = ColumnarHistory.open(data))
        {
            assertThat(history.symbols()).containsExactly("AAA", "BBB", "SPRD");
            assertThat(history.priceExponent("SPRD")).isEqualTo(-3);
            final long[] n = { 0 };
            for (final String symbol : history.symbols())
            {
                history.scanTrades(symbol, Long.MIN_VALUE, Long.MAX_VALUE, b -> n[0] += b.count);
            }
            assertThat(n[0]).isEqualTo(rows);
        }

        final CliRun dump = CliRun.run("dump", "--data-dir", data.toString(), "--from-seq", "3", "--count", "2");
        assertThat(dump.exitCode).isZero();
        final List<String> lines = dump.out.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("- {seq: 3, type: instrument").contains("symbol: \"SPRD\"")
            .contains("priceExponent: -3");
        assertThat(lines.get(1)).startsWith("- {seq: 4, type: trade").contains("ts: 2024-07-01T23:5");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldImportDbnTopOfBookAndReportBytesPerTick() throws Exception
    {
        final Path mbp = GLBX.resolve("futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst");
        assumeTrue(Files.exists(mbp), "no " + mbp);
        final Path data = dir.resolve("data");
        final CliRun imported = CliRun.run("import", "--dbn", mbp.toString(), "--data-dir", data.toString());
        assertThat(imported.exitCode).as(imported.err).isZero();
        assertThat(imported.out).contains("2288 records");
        System.out.println("dbn import: " + imported.out.lines().findFirst().orElse(""));

        final Path ticksCsv = dir.resolve("ticks.csv");
        final Path ticksParquet = dir.resolve("ticks.parquet");
        assertThat(CliRun.run("export", "--data-dir", data.toString(), "--output", ticksCsv.toString()).exitCode).isZero();
        assertThat(CliRun.run("export", "--data-dir", data.toString(), "--format", "parquet", "--output",
            ticksParquet.toString()).exitCode).isZero();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
            Statement st = duck.createStatement())
        {
            st.execute("CREATE TABLE c AS SELECT * FROM read_csv('" + ticksCsv + "', header = true" + TICK_TYPES);
            st.execute("CREATE TABLE p AS SELECT * FROM read_parquet('" + ticksParquet + "')");
            assertThat(count(st, "SELECT count(*) FROM p")).isEqualTo(count(st, "SELECT count(*) FROM c"));
            assertThat(count(st, "SELECT count(*) FROM (SELECT * FROM c EXCEPT SELECT * FROM p)")).isZero();
            assertThat(count(st, "SELECT count(*) FROM p WHERE type = 'trade'")).isEqualTo(120);
        }
        try (ColumnarHistory history = ColumnarHistory.open(data))
        {
            final ColumnarHistory.Stats stats = history.stats();
            System.out.printf("history of GLBX ESU4 MBP-1 (real): %d trades %.2f bytes each (raw 33), %d quotes " +
                "%.2f bytes each (raw 48)%n", stats.tradeRows, (double)stats.tradeBytes / stats.tradeRows,
                stats.quoteRows, (double)stats.quoteBytes / stats.quoteRows);
            assertThat(stats.tradeRows).isEqualTo(120);
        }
    }

    @Test
    void shouldRefuseBadInputWithOneLine() throws Exception
    {
        final Path data = dir.resolve("data");
        final Path text = dir.resolve("x.dbn");
        Files.writeString(text, "hello");
        final CliRun dbn = CliRun.run("import", "--dbn", text.toString(), "--data-dir", data.toString());
        assertThat(dbn.exitCode).isEqualTo(2);
        assertThat(dbn.err.strip()).startsWith("ticktape import: ").contains("no 'DBN' magic").doesNotContain("\n");
        final CliRun missing = CliRun.run("import", "--csv", dir.resolve("none.csv").toString(), "--data-dir", data.toString());
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).contains("cannot read");
        final CliRun both = CliRun.run("import", "--csv", "a", "--dbn", "b");
        assertThat(both.exitCode).isNotZero();
        final CliRun format = CliRun.run("export", "--data-dir", data.toString(), "--format", "xml");
        assertThat(format.exitCode).isEqualTo(2);
        assertThat(format.err).contains("unknown format 'xml'");
        final CliRun dump = CliRun.run("dump", "--data-dir", dir.resolve("nothing").toString());
        assertThat(dump.exitCode).isEqualTo(2);
        assertThat(dump.err).contains("no journal");
    }

    @Test
    void shouldDumpTimersOnlyWhenAskedAndNotCountThem()
    {
        final Path data = dir.resolve("timers");
        try (TickJournal journal = new TickJournal(Journal.open(data, "FAST_DAILY", false), () -> 0, new Counters()))
        {
            final Tick tick = new Tick();
            tick.type = TickType.INSTRUMENT;
            tick.globalSeq = 1;
            tick.priceExponent = -2;
            tick.symbol("AAA");
            journal.append(tick, false);
            tick.type = TickType.TRADE;
            tick.globalSeq = 2;
            tick.exchangeTimeNs = 1_700_000_000_000_000_000L;
            tick.priceMantissa = 12_345;
            tick.size = 3;
            journal.append(tick, false);
            tick.type = TickType.TIMER;
            tick.exchangeTimeNs = 1_700_000_000_250_000_000L; // the timer repeats seq 2
            journal.append(tick, false);
            tick.type = TickType.TRADE;
            tick.globalSeq = 3;
            tick.exchangeTimeNs = 1_700_000_000_300_000_000L;
            journal.append(tick, true);
        }

        final CliRun plain = CliRun.run("dump", "--data-dir", data.toString());
        assertThat(plain.exitCode).as(plain.err).isZero();
        assertThat(plain.out.lines().toList()).hasSize(3).noneMatch(line -> line.contains("timer"));

        final CliRun timers = CliRun.run("dump", "--data-dir", data.toString(), "--timers", "--from-seq", "2",
            "--count", "2");
        assertThat(timers.exitCode).as(timers.err).isZero();
        final List<String> lines = timers.out.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("- {seq: 2, type: trade");
        assertThat(lines.get(1)).startsWith("- {seq: 2, type: timer").contains("tsNs: 1700000000250000000");
        assertThat(lines.get(2)).startsWith("- {seq: 3, type: trade");
    }

    private static String decimal(final long mantissa, final int decimals)
    {
        return java.math.BigDecimal.valueOf(mantissa, decimals).toPlainString();
    }

    private static long count(final Statement st, final String sql) throws Exception
    {
        try (ResultSet rs = st.executeQuery(sql))
        {
            rs.next();
            return rs.getLong(1);
        }
    }

}
