package io.ticktape.perf.tsql;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import io.ticktape.store.history.JournalHistoryView;
import io.ticktape.store.tsql.QueryResult;
import io.ticktape.store.tsql.Tsql;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The same generated day of trades (default 10M trades over 200 symbols) loaded into Ticktape (through the real
 * Chronicle Queue journal, queried with TSQL over {@link JournalHistoryView}), DuckDB (in-process JDBC, in
 * memory) and QuestDB (embedded CairoEngine, on disk), then four queries timed on each in the same run: 1-minute
 * OHLCV+VWAP bars of one symbol; of every symbol; per-symbol VWAP and standard deviation for the day; the latest
 * trade of every symbol. Each query runs {@code --warmup} times, then {@code --runs} times; the median is reported
 * with its ratio to the fastest of the three. Row counts are cross-checked between the engines.
 * <p>
 * Representation, each engine's natural one: Ticktape price mantissas (cents) with exponent -2; DuckDB BIGINT
 * nanosecond times and BIGINT cents, rows in time order; QuestDB DOUBLE prices, SYMBOL INDEX, designated
 * microsecond timestamp partitioned by day.
 */
public final class TsqlPeerBenchmark
{
    private static final long T0 = 1_767_571_200_000_000_000L; // 2026-01-05T00:00:00Z
    private static final long DAY_NS = TimeUnit.DAYS.toNanos(1);

    private int trades = 10_000_000;
    private int symbols = 200;
    private int warmup = 2;
    private int runs = 5;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean questdb = true;
    private Path dir;

    private long[] ts;
    private int[] sym;
    private long[] price;
    private int[] size;
    private String[] names;

    /**
     * @param args options, see {@code bench tsql --help}.
     * @param out  results.
     * @param err  errors.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final TsqlPeerBenchmark bench = new TsqlPeerBenchmark();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--trades":
                        bench.trades = Integer.parseInt(args[++i].replace("_", ""));
                        break;
                    case "--symbols":
                        bench.symbols = Integer.parseInt(args[++i]);
                        break;
                    case "--warmup":
                        bench.warmup = Integer.parseInt(args[++i]);
                        break;
                    case "--runs":
                        bench.runs = Integer.parseInt(args[++i]);
                        break;
                    case "--threads":
                        bench.threads = Integer.parseInt(args[++i]);
                        break;
                    case "--no-questdb":
                        bench.questdb = false;
                        break;
                    case "--dir":
                        bench.dir = Path.of(args[++i]);
                        break;
                    case "--help":
                        out.println("bench tsql [--trades 10000000] [--symbols 200] [--warmup 2] [--runs 5] " +
                            "[--threads N] [--no-questdb] [--dir D]");
                        return 0;
                    default:
                        err.println("ticktape bench tsql: unknown option '" + args[i] + "'");
                        return 2;
                }
            }
            if (bench.trades < 1 || bench.symbols < 1 || bench.symbols > 9999 || bench.runs < 1)
            {
                err.println("ticktape bench tsql: --trades, --symbols (at most 9999) and --runs must be positive");
                return 2;
            }
        }
        catch (final RuntimeException ex)
        {
            err.println("ticktape bench tsql: bad arguments: " + ex.getMessage());
            return 2;
        }
        try
        {
            return bench.execute(out);
        }
        catch (final Exception ex)
        {
            ex.printStackTrace(err);
            return 1;
        }
    }

    private int execute(final PrintStream out) throws Exception
    {
        final Path root = null != dir ? dir : Files.createTempDirectory("ticktape-tsql-bench");
        out.printf(Locale.ROOT, "TSQL peers: %,d trades, %d symbols, one day; %d threads; warmup %d, runs %d; %s%n",
            trades, symbols, threads, warmup, runs, root);
        generate();
        final String one = names[42 % symbols];
        final List<Peer> peers = new ArrayList<>();
        // The engine's path: the columnar tier built from the journal, scanned by one thread per query (its readers
        // are single-threaded). Beside it, the journal loaded into memory and scanned by the worker threads.
        peers.add(new TicktapePeer(root.resolve("ticktape"), true));
        peers.add(new TicktapePeer(root.resolve("ticktape-mem"), false));
        peers.add(new DuckPeer());
        if (questdb)
        {
            peers.add(new QuestPeer(root.resolve("questdb")));
        }
        final String[] queries = { "bars 1m, one symbol", "bars 1m, all symbols", "VWAP+stddev per symbol",
            "latest trade per symbol" };
        final double[][] medians = new double[queries.length][peers.size()];
        final double[][] cpuMedians = new double[queries.length][peers.size()];
        final long[][] rows = new long[queries.length][peers.size()];
        for (int p = 0; p < peers.size(); p++)
        {
            final Peer peer = peers.get(p);
            final long loadStart = System.nanoTime();
            peer.load();
            out.printf(Locale.ROOT, "  %-9s loaded in %,.0f ms%n", peer.name(),
                (System.nanoTime() - loadStart) / 1e6);
            for (int q = 0; q < queries.length; q++)
            {
                final int query = q;
                final double[] times = new double[runs];
                final double[] cpu = new double[runs];
                for (int i = 0; i < warmup + runs; i++)
                {
                    final long cpuStart = processCpuNs();
                    final long start = System.nanoTime();
                    rows[q][p] = peer.query(query, one);
                    final double ms = (System.nanoTime() - start) / 1e6;
                    final double cpuMs = (processCpuNs() - cpuStart) / 1e6;
                    if (i >= warmup)
                    {
                        times[i - warmup] = ms;
                        cpu[i - warmup] = cpuMs;
                    }
                }
                Arrays.sort(times);
                Arrays.sort(cpu);
                medians[q][p] = times[runs / 2];
                cpuMedians[q][p] = cpu[runs / 2];
                out.printf(Locale.ROOT, "  %-9s %-26s median %9.2f ms  min %9.2f ms  process cpu %9.2f ms  rows %,d%n",
                    peer.name(), queries[q], medians[q][p], times[0], cpuMedians[q][p], rows[q][p]);
            }
            peer.close();
        }
        out.println();
        final StringBuilder header = new StringBuilder("| query |");
        final StringBuilder rule = new StringBuilder("| --- |");
        for (final Peer peer : peers)
        {
            header.append(' ').append(peer.name()).append(" wall ms (ratio) |");
            rule.append(" ---: |");
        }
        for (final Peer peer : peers)
        {
            header.append(' ').append(peer.name()).append(" cpu ms (ratio) |");
            rule.append(" ---: |");
        }
        out.println(header);
        out.println(rule);
        int status = 0;
        for (int q = 0; q < queries.length; q++)
        {
            final double fastest = Arrays.stream(medians[q]).min().orElse(1);
            final StringBuilder line = new StringBuilder("| " + queries[q] + " |");
            for (int p = 0; p < peers.size(); p++)
            {
                line.append(String.format(Locale.ROOT, " %.2f (%.2f×) |", medians[q][p], medians[q][p] / fastest));
                if (rows[q][p] != rows[q][0])
                {
                    status = 1;
                }
            }
            final double fastestCpu = Arrays.stream(cpuMedians[q]).min().orElse(1);
            for (int p = 0; p < peers.size(); p++)
            {
                line.append(String.format(Locale.ROOT, " %.2f (%.2f×) |", cpuMedians[q][p],
                    cpuMedians[q][p] / Math.max(fastestCpu, 1e-3)));
            }
            out.println(line);
        }
        if (status != 0)
        {
            out.println("ROW COUNTS DIFFER between engines: see the lines above");
        }
        if (null == dir)
        {
            deleteTree(root);
        }
        return status;
    }

    /** CPU time of every thread of this process (DuckDB's native workers included): fairer than wall time on a
     * shared machine. */
    private static long processCpuNs()
    {
        final java.lang.management.OperatingSystemMXBean os =
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean bean ? bean.getProcessCpuTime() : 0;
    }

    private void generate()
    {
        names = new String[symbols];
        for (int s = 0; s < symbols; s++)
        {
            names[s] = String.format(Locale.ROOT, "S%04d", s);
        }
        ts = new long[trades];
        sym = new int[trades];
        price = new long[trades];
        size = new int[trades];
        final long[] last = new long[symbols];
        for (int s = 0; s < symbols; s++)
        {
            last[s] = 10_000 + 37L * s;
        }
        final SplittableRandom random = new SplittableRandom(20260105);
        final long step = Math.max(1, DAY_NS / trades);
        long t = T0;
        for (int i = 0; i < trades; i++)
        {
            t += 1 + random.nextLong(2 * step - 1);
            final int s = random.nextInt(symbols);
            last[s] = Math.max(1, last[s] + random.nextInt(5) - 2);
            ts[i] = Math.min(t, T0 + DAY_NS - 1);
            sym[i] = s;
            price[i] = last[s];
            size[i] = 1 + random.nextInt(1000);
        }
    }

    private interface Peer
    {
        String name();

        void load() throws Exception;

        long query(int query, String symbol) throws Exception;

        void close() throws java.sql.SQLException;
    }

    private final class TicktapePeer implements Peer
    {
        private final Path dataDir;
        private final boolean columnar;
        private io.ticktape.store.history.HistoryView view;
        private ExecutorService pool;
        private Tsql tsql;

        TicktapePeer(final Path dataDir, final boolean columnar)
        {
            this.dataDir = dataDir;
            this.columnar = columnar;
        }

        @Override
        public String name()
        {
            return columnar ? "Ticktape" : "Tt-memory";
        }

        @Override
        public void load()
        {
            final Tick tick = new Tick();
            long seq = 0;
            try (TickJournal journal = new TickJournal(Journal.open(dataDir, "FAST_DAILY", false), () -> 0,
                new Counters()))
            {
                for (int s = 0; s < symbols; s++)
                {
                    tick.type = TickType.INSTRUMENT;
                    tick.globalSeq = ++seq;
                    tick.instrumentId = s + 1;
                    tick.symbol(names[s]);
                    tick.priceExponent = -2;
                    tick.exchangeTimeNs = T0;
                    journal.append(tick, false);
                }
                tick.type = TickType.TRADE;
                for (int i = 0; i < trades; i++)
                {
                    tick.globalSeq = ++seq;
                    tick.instrumentId = sym[i] + 1;
                    tick.exchangeTimeNs = ts[i];
                    tick.priceMantissa = price[i];
                    tick.size = size[i];
                    tick.aggressorSide = (byte)1;
                    journal.append(tick, false);
                }
            }
            if (columnar)
            {
                io.ticktape.store.history.HistoryBuilder.catchUp(dataDir, "FAST_DAILY", new Counters());
                view = io.ticktape.store.history.ColumnarHistory.open(dataDir);
                tsql = new Tsql(view);
                return;
            }
            view = JournalHistoryView.load(dataDir, "FAST_DAILY");
            pool = Executors.newFixedThreadPool(threads, runnable ->
            {
                final Thread thread = new Thread(runnable, "tsql-bench");
                thread.setDaemon(true);
                return thread;
            });
            tsql = new Tsql(view, pool, threads);
        }

        @Override
        public long query(final int query, final String symbol)
        {
            final String text;
            switch (query)
            {
                case 0:
                    text = "SELECT ts, first(price), max(price), min(price), last(price), sum(size), " +
                        "vwap(price, size) FROM trades WHERE symbol = '" + symbol + "' SAMPLE BY 1m";
                    break;
                case 1:
                    text = "SELECT ts, symbol, first(price), max(price), min(price), last(price), sum(size), " +
                        "vwap(price, size) FROM trades SAMPLE BY 1m GROUP BY symbol";
                    break;
                case 2:
                    text = "SELECT symbol, vwap(price, size), stddev(price) FROM trades GROUP BY symbol";
                    break;
                default:
                    text = "SELECT symbol, ts, price, size FROM trades LATEST BY symbol";
                    break;
            }
            final QueryResult result = tsql.query(text);
            return result.rowCount();
        }

        @Override
        public void close()
        {
            if (null != pool)
            {
                pool.shutdownNow();
            }
            view.close();
        }
    }

    private final class DuckPeer implements Peer
    {
        private Connection connection;

        @Override
        public String name()
        {
            return "DuckDB";
        }

        @Override
        public void load() throws Exception
        {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = connection.createStatement())
            {
                st.execute("SET threads = " + threads);
                st.execute("CREATE TABLE trades (ts BIGINT, symbol VARCHAR, price BIGINT, size BIGINT)");
            }
            try (DuckDBAppender appender = ((DuckDBConnection)connection).createAppender(
                DuckDBConnection.DEFAULT_SCHEMA, "trades"))
            {
                for (int i = 0; i < trades; i++)
                {
                    appender.beginRow();
                    appender.append(ts[i]);
                    appender.append(names[sym[i]]);
                    appender.append(price[i]);
                    appender.append((long)size[i]);
                    appender.endRow();
                }
            }
        }

        @Override
        public long query(final int query, final String symbol) throws Exception
        {
            final String text;
            switch (query)
            {
                case 0:
                    text = "SELECT ts // 60000000000 AS b, arg_min(price, ts), max(price), min(price), " +
                        "arg_max(price, ts), sum(size), sum(price * size) / sum(size) FROM trades " +
                        "WHERE symbol = '" + symbol + "' GROUP BY b ORDER BY b";
                    break;
                case 1:
                    text = "SELECT ts // 60000000000 AS b, symbol, arg_min(price, ts), max(price), min(price), " +
                        "arg_max(price, ts), sum(size), sum(price * size) / sum(size) FROM trades " +
                        "GROUP BY symbol, b ORDER BY symbol, b";
                    break;
                case 2:
                    text = "SELECT symbol, sum(price * size) / sum(size), stddev_samp(price) FROM trades " +
                        "GROUP BY symbol ORDER BY symbol";
                    break;
                default:
                    text = "SELECT symbol, max(ts), arg_max(price, ts), arg_max(size, ts) FROM trades " +
                        "GROUP BY symbol ORDER BY symbol";
                    break;
            }
            long rows = 0;
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(text))
            {
                while (rs.next())
                {
                    rows++;
                }
            }
            return rows;
        }

        @Override
        public void close() throws java.sql.SQLException
        {
            connection.close();
        }
    }

    private final class QuestPeer implements Peer
    {
        private final Path root;
        private CairoEngine engine;
        private SqlExecutionContextImpl context;

        QuestPeer(final Path root)
        {
            this.root = root;
        }

        @Override
        public String name()
        {
            return "QuestDB";
        }

        @Override
        public void load() throws Exception
        {
            Files.createDirectories(root);
            engine = new CairoEngine(new DefaultCairoConfiguration(root.toString()));
            context = new SqlExecutionContextImpl(engine, threads).with(AllowAllSecurityContext.INSTANCE);
            engine.execute("CREATE TABLE trades (symbol SYMBOL CAPACITY 16384 INDEX, price DOUBLE, size LONG, " +
                "ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY", context);
            try (TableWriter writer = engine.getWriter(engine.verifyTableName("trades"), "bench"))
            {
                for (int i = 0; i < trades; i++)
                {
                    final TableWriter.Row row = writer.newRow(ts[i] / 1_000);
                    row.putSym(0, names[sym[i]]);
                    row.putDouble(1, price[i] / 100.0);
                    row.putLong(2, size[i]);
                    row.append();
                }
                writer.commit();
            }
        }

        @Override
        public long query(final int query, final String symbol) throws Exception
        {
            final String text;
            switch (query)
            {
                case 0:
                    text = "SELECT ts, first(price), max(price), min(price), last(price), sum(size), " +
                        "sum(price * size) / sum(size) FROM trades WHERE symbol = '" + symbol + "' SAMPLE BY 1m";
                    break;
                case 1:
                    text = "SELECT ts, symbol, first(price), max(price), min(price), last(price), sum(size), " +
                        "sum(price * size) / sum(size) FROM trades SAMPLE BY 1m";
                    break;
                case 2:
                    text = "SELECT symbol, sum(price * size) / sum(size), stddev_samp(price) FROM trades";
                    break;
                default:
                    text = "SELECT * FROM trades LATEST ON ts PARTITION BY symbol";
                    break;
            }
            long rows = 0;
            try (RecordCursorFactory factory = engine.select(text, context);
                RecordCursor cursor = factory.getCursor(context))
            {
                while (cursor.hasNext())
                {
                    rows++;
                }
            }
            return rows;
        }

        @Override
        public void close()
        {
            engine.close();
        }
    }

    private static void deleteTree(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.deleteIfExists(path);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // A temp dir left behind is not worth failing a benchmark for.
        }
    }
}
