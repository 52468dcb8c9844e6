package io.ticktape.engine.cli;

import io.aeron.Aeron;
import io.ticktape.client.TsqlClient;
import io.ticktape.client.TsqlClientException;
import io.ticktape.client.TsqlRows;
import io.ticktape.protocol.Durations;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import io.ticktape.store.history.ColumnarHistory;
import io.ticktape.store.history.HistoryFiles;
import io.ticktape.store.history.HistoryView;
import io.ticktape.store.history.JournalHistoryView;
import io.ticktape.store.tsql.ColumnType;
import io.ticktape.store.tsql.QueryResult;
import io.ticktape.store.tsql.Tsql;
import io.ticktape.store.tsql.TsqlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ticktape query}: a TSQL query over a data directory's journal, or over Aeron against a running engine.
 */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Run a TSQL query (see docs/tsql.md).")
final class QueryCommand implements Callable<Integer>
{
    @Option(names = "--data-dir", description = "Query this data directory directly (default ./data).")
    Path dataDir;

    @Option(names = "--aeron-dir", description = "Query a running engine over Aeron, via this media driver.")
    String aeronDir;

    @Option(names = "--format", defaultValue = "table", description = "table | csv | json.")
    String format;

    @Option(names = "--roll-cycle", defaultValue = "FAST_DAILY", description = "Journal roll cycle.")
    String rollCycle;

    @Option(names = "--timeout", defaultValue = "30s", description = "Longest wait for the engine's answer.")
    String timeout;

    @Parameters(index = "0", paramLabel = "TSQL", description = "The query, e.g. \"SELECT * FROM trades LIMIT 5\".")
    String query;

    @Override
    public Integer call()
    {
        if (!format.equals("table") && !format.equals("csv") && !format.equals("json"))
        {
            throw new IllegalArgumentException("unknown format '" + format + "', expected table, csv or json");
        }
        if (null != dataDir && null != aeronDir)
        {
            throw new IllegalArgumentException("give --data-dir or --aeron-dir, not both");
        }
        final QueryResult result;
        try
        {
            result = null != aeronDir ? remote() : local();
        }
        catch (final TsqlException | TsqlClientException ex)
        {
            throw new IllegalArgumentException(ex.getMessage());
        }
        final PrintStream out = System.out;
        switch (format)
        {
            case "csv":
                printCsv(result, out);
                break;
            case "json":
                printJson(result, out);
                break;
            default:
                printTable(result, out);
                break;
        }
        out.flush();
        return 0;
    }

    private QueryResult local()
    {
        Tsql.check(query);
        final Path dir = null == dataDir ? Path.of("./data") : dataDir;
        try (HistoryView view = openView(dir))
        {
            return new Tsql(view).query(query);
        }
    }

    /**
     * The columnar tier when it holds everything journaled (an engine keeps it so; import brings it up to date),
     * else the journal itself loaded into memory, so that a query never misses a journaled tick.
     */
    private HistoryView openView(final Path dir)
    {
        if (Files.isDirectory(HistoryFiles.root(dir)) && Files.isDirectory(dir.resolve(Journal.TICKS_FOLDER)))
        {
            final long journaled;
            try (JournalReader reader = new JournalReader(Journal.open(dir, rollCycle, true)))
            {
                journaled = reader.lastGlobalSeq();
            }
            final ColumnarHistory columnar = ColumnarHistory.open(dir);
            final long visible = columnar.visibleGlobalSeq();
            if (visible >= journaled)
            {
                return columnar;
            }
            columnar.close();
            System.err.println("query: the history tier is behind the journal (" + visible +
                " < " + journaled + "); reading the journal instead");
        }
        return JournalHistoryView.load(dir, rollCycle);
    }

    private QueryResult remote()
    {
        final long timeoutMs = TimeUnit.NANOSECONDS.toMillis(Durations.parseNs(timeout));
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            TsqlClient client = new TsqlClient(aeron, io.ticktape.client.Streams.DEFAULT_CHANNEL,
                io.ticktape.client.Streams.TSQL_REQUEST_STREAM_ID,
                "aeron:ipc?session-id=" + java.util.concurrent.ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE),
                io.ticktape.client.Streams.TSQL_RESPONSE_STREAM_ID, timeoutMs))
        {
            final TsqlRows rows = client.query(query);
            final List<ColumnType> types = new ArrayList<>();
            for (final int code : rows.types())
            {
                types.add(ColumnType.fromCode(code));
            }
            final QueryResult result = QueryResult.of(rows.names(), types);
            for (final Object[] row : rows.rows())
            {
                result.appendRow(row);
            }
            return result;
        }
    }

    static void printTable(final QueryResult result, final PrintStream out)
    {
        final int columns = result.columnCount();
        final int[] widths = new int[columns];
        for (int c = 0; c < columns; c++)
        {
            widths[c] = result.columnName(c).length();
            for (int r = 0; r < result.rowCount(); r++)
            {
                widths[c] = Math.max(widths[c], result.text(r, c).length());
            }
        }
        final StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns; c++)
        {
            line.append(c > 0 ? "  " : "").append(pad(result.columnName(c), widths[c], false));
        }
        out.println(line.toString().stripTrailing());
        line.setLength(0);
        for (int c = 0; c < columns; c++)
        {
            line.append(c > 0 ? "  " : "").append("-".repeat(widths[c]));
        }
        out.println(line);
        for (int r = 0; r < result.rowCount(); r++)
        {
            line.setLength(0);
            for (int c = 0; c < columns; c++)
            {
                final ColumnType type = result.columnType(c);
                final boolean right = type != ColumnType.SYMBOL && type != ColumnType.TIMESTAMP;
                line.append(c > 0 ? "  " : "").append(pad(result.isNull(r, c) ? "null" : result.text(r, c), widths[c],
                    right));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + result.rowCount() + (result.rowCount() == 1 ? " row)" : " rows)"));
    }

    private static String pad(final String text, final int width, final boolean right)
    {
        final String padding = " ".repeat(Math.max(0, width - text.length()));
        return right ? padding + text : text + padding;
    }

    static void printCsv(final QueryResult result, final PrintStream out)
    {
        final StringBuilder line = new StringBuilder();
        for (int c = 0; c < result.columnCount(); c++)
        {
            line.append(c > 0 ? "," : "").append(csv(result.columnName(c)));
        }
        out.println(line);
        for (int r = 0; r < result.rowCount(); r++)
        {
            line.setLength(0);
            for (int c = 0; c < result.columnCount(); c++)
            {
                line.append(c > 0 ? "," : "").append(csv(result.text(r, c)));
            }
            out.println(line);
        }
    }

    private static String csv(final String text)
    {
        if (text.contains(",") || text.contains("\"") || text.contains("\n"))
        {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    static void printJson(final QueryResult result, final PrintStream out)
    {
        out.println("[");
        for (int r = 0; r < result.rowCount(); r++)
        {
            final StringBuilder line = new StringBuilder("  {");
            for (int c = 0; c < result.columnCount(); c++)
            {
                line.append(c > 0 ? ", " : "").append(jsonString(result.columnName(c))).append(": ");
                if (result.isNull(r, c))
                {
                    line.append("null");
                    continue;
                }
                final String text = result.text(r, c);
                switch (result.columnType(c))
                {
                    case SYMBOL:
                    case TIMESTAMP:
                        line.append(jsonString(text));
                        break;
                    case DOUBLE:
                        final double value = result.doubleValue(r, c);
                        line.append(Double.isNaN(value) || Double.isInfinite(value) ? "null" : text);
                        break;
                    default:
                        line.append(text);
                        break;
                }
            }
            line.append(r + 1 < result.rowCount() ? "}," : "}");
            out.println(line);
        }
        out.println("]");
    }

    private static String jsonString(final String text)
    {
        final StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++)
        {
            final char ch = text.charAt(i);
            if (ch == '"' || ch == '\\')
            {
                sb.append('\\').append(ch);
            }
            else if (ch < 0x20)
            {
                sb.append(String.format("\\u%04x", (int)ch));
            }
            else
            {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
