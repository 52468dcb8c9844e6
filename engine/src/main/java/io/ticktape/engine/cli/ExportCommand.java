package io.ticktape.engine.cli;

import io.ticktape.protocol.Durations;
import io.ticktape.protocol.tick.Prices;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import io.ticktape.store.export.ParquetWriter;
import io.ticktape.store.export.ParquetWriter.Column;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code ticktape export}: journaled trades and quotes, or time bars computed from the trades, as CSV or Parquet.
 * Both formats hold the same rows and columns; Parquet prices are doubles (each symbol has its own exponent), CSV
 * prices exact decimals.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export journaled ticks or bars.")
final class ExportCommand implements Callable<Integer>
{
    static final String HEADER = "seq,ts_ns,symbol,type,price,size,bid,bid_size,ask,ask_size";
    static final String BARS_HEADER = "symbol,open_time_ns,open,high,low,close,volume,trade_count,vwap";

    private static final List<Column> TICK_COLUMNS = List.of(
        new Column("seq", ParquetWriter.Type.INT64, false),
        new Column("ts_ns", ParquetWriter.Type.INT64, false),
        new Column("symbol", ParquetWriter.Type.STRING, false),
        new Column("type", ParquetWriter.Type.STRING, false),
        new Column("price", ParquetWriter.Type.DOUBLE, true),
        new Column("size", ParquetWriter.Type.INT64, true),
        new Column("bid", ParquetWriter.Type.DOUBLE, true),
        new Column("bid_size", ParquetWriter.Type.INT64, true),
        new Column("ask", ParquetWriter.Type.DOUBLE, true),
        new Column("ask_size", ParquetWriter.Type.INT64, true));

    private static final List<Column> BAR_COLUMNS = List.of(
        new Column("symbol", ParquetWriter.Type.STRING, false),
        new Column("open_time_ns", ParquetWriter.Type.INT64, false),
        new Column("open", ParquetWriter.Type.DOUBLE, false),
        new Column("high", ParquetWriter.Type.DOUBLE, false),
        new Column("low", ParquetWriter.Type.DOUBLE, false),
        new Column("close", ParquetWriter.Type.DOUBLE, false),
        new Column("volume", ParquetWriter.Type.INT64, false),
        new Column("trade_count", ParquetWriter.Type.INT64, false),
        new Column("vwap", ParquetWriter.Type.DOUBLE, false));

    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--table", defaultValue = "ticks",
        description = "ticks (trades and quotes) | trades | quotes | bars (OHLCV from the trades).")
    String table;

    @Option(names = "--format", defaultValue = "csv", description = "csv | parquet.")
    String format;

    @Option(names = "--bar-interval", defaultValue = "1m", description = "Bar length for --table bars (default 1m).")
    String barInterval;

    @Option(names = "--output", description = "File to write (default: standard output; required for parquet).")
    Path output;

    @Option(names = "--roll-cycle", defaultValue = "FAST_DAILY", description = "Journal roll cycle.")
    String rollCycle;

    @Override
    public Integer call() throws IOException
    {
        if (!"csv".equals(format) && !"parquet".equals(format))
        {
            throw new IllegalArgumentException("unknown format '" + format + "': expected csv or parquet");
        }
        if ("parquet".equals(format) && null == output)
        {
            throw new IllegalArgumentException("parquet needs --output FILE");
        }
        final boolean trades = "ticks".equals(table) || "trades".equals(table);
        final boolean quotes = "ticks".equals(table) || "quotes".equals(table);
        final boolean bars = "bars".equals(table);
        if (!trades && !quotes && !bars)
        {
            throw new IllegalArgumentException("unknown table '" + table + "': expected ticks, trades, quotes or bars");
        }
        final long intervalNs = bars ? Durations.parseNs(barInterval) : 0;
        if (bars && intervalNs <= 0)
        {
            throw new IllegalArgumentException("bar interval must be positive: " + barInterval);
        }
        if (!Files.isDirectory(dataDir.resolve(Journal.TICKS_FOLDER)))
        {
            throw new IllegalArgumentException("no journal in " + dataDir + " (expected " + Journal.TICKS_FOLDER + ")");
        }

        try (RowSink sink = "csv".equals(format) ? new CsvSink(output, bars ? BARS_HEADER : HEADER) :
            new ParquetSink(output, bars ? BAR_COLUMNS : TICK_COLUMNS))
        {
            final Int2ObjectHashMap<String> symbols = new Int2ObjectHashMap<>();
            final Int2IntHashMap exponents = new Int2IntHashMap(0);
            final Map<String, Map<Long, Bar>> barsBySymbol = new TreeMap<>();
            try (JournalReader reader = new JournalReader(Journal.open(dataDir, rollCycle, true)))
            {
                reader.readAll(tick ->
                {
                    if (tick.type == TickType.INSTRUMENT)
                    {
                        symbols.put(tick.instrumentId, tick.symbolAsString());
                        exponents.put(tick.instrumentId, tick.priceExponent);
                        return;
                    }
                    final String symbol = symbolOf(symbols, tick);
                    final int exponent = exponents.get(tick.instrumentId);
                    if (bars)
                    {
                        if (tick.type == TickType.TRADE)
                        {
                            barsBySymbol.computeIfAbsent(symbol, k -> new TreeMap<>())
                                .computeIfAbsent(Math.floorDiv(tick.exchangeTimeNs, intervalNs) * intervalNs,
                                    k -> new Bar(exponent))
                                .add(tick);
                        }
                    }
                    else if ((tick.type == TickType.TRADE && trades) || (tick.type == TickType.QUOTE && quotes))
                    {
                        sink.tick(tick, symbol, exponent);
                    }
                });
                if (reader.corruptExcerpts() > 0)
                {
                    System.err.printf("ticktape export: %d journal excerpt(s) ended inside a tick; exported up to " +
                        "the last whole tick of each%n", reader.corruptExcerpts());
                }
            }
            for (final Map.Entry<String, Map<Long, Bar>> e : barsBySymbol.entrySet())
            {
                for (final Map.Entry<Long, Bar> bar : e.getValue().entrySet())
                {
                    sink.bar(e.getKey(), bar.getKey(), bar.getValue());
                }
            }
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
        return 0;
    }

    private static String symbolOf(final Int2ObjectHashMap<String> symbols, final Tick tick)
    {
        final String symbol = symbols.get(tick.instrumentId);
        return null == symbol || symbol.isEmpty() ? "#" + tick.instrumentId : symbol;
    }

    /**
     * An OHLCV bar of trades, first and last by (exchange time, global sequence).
     */
    static final class Bar
    {
        final int exponent;
        long openTs = Long.MAX_VALUE;
        long openSeq;
        long open;
        long closeTs = Long.MIN_VALUE;
        long closeSeq;
        long close;
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        long volume;
        long count;
        BigDecimal notional = BigDecimal.ZERO;

        Bar(final int exponent)
        {
            this.exponent = exponent;
        }

        void add(final Tick t)
        {
            if (t.exchangeTimeNs < openTs || (t.exchangeTimeNs == openTs && t.globalSeq < openSeq))
            {
                openTs = t.exchangeTimeNs;
                openSeq = t.globalSeq;
                open = t.priceMantissa;
            }
            if (t.exchangeTimeNs > closeTs || (t.exchangeTimeNs == closeTs && t.globalSeq > closeSeq))
            {
                closeTs = t.exchangeTimeNs;
                closeSeq = t.globalSeq;
                close = t.priceMantissa;
            }
            high = Math.max(high, t.priceMantissa);
            low = Math.min(low, t.priceMantissa);
            volume += t.size;
            count++;
            notional = notional.add(BigDecimal.valueOf(t.priceMantissa).multiply(BigDecimal.valueOf(t.size)));
        }

        double vwap()
        {
            return volume == 0 ? Double.NaN :
                notional.divide(BigDecimal.valueOf(volume), java.math.MathContext.DECIMAL64).scaleByPowerOfTen(exponent)
                    .doubleValue();
        }

        double price(final long mantissa)
        {
            return new BigDecimal(Prices.toPlain(mantissa, exponent)).doubleValue();
        }
    }

    private interface RowSink extends AutoCloseable
    {
        void tick(Tick tick, String symbol, int exponent);

        void bar(String symbol, long openTimeNs, Bar bar);

        @Override
        void close() throws IOException;
    }

    private static final class CsvSink implements RowSink
    {
        private final Writer writer;
        private final boolean toFile;

        CsvSink(final Path output, final String header) throws IOException
        {
            toFile = null != output;
            writer = toFile ? Files.newBufferedWriter(output, StandardCharsets.UTF_8) :
                new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
            writer.write(header);
            writer.write('\n');
        }

        @Override
        public void tick(final Tick tick, final String symbol, final int exp)
        {
            final StringBuilder row = new StringBuilder(96);
            row.append(tick.globalSeq).append(',').append(tick.exchangeTimeNs).append(',').append(symbol).append(',')
                .append(TickType.name(tick.type)).append(',');
            if (tick.type == TickType.TRADE)
            {
                row.append(Prices.toPlain(tick.priceMantissa, exp)).append(',').append(tick.size).append(",,,,");
            }
            else
            {
                row.append(",,")
                    .append(Prices.toPlain(tick.bidPriceMantissa, exp)).append(',').append(tick.bidSize).append(',')
                    .append(Prices.toPlain(tick.askPriceMantissa, exp)).append(',').append(tick.askSize);
            }
            write(row.append('\n'));
        }

        @Override
        public void bar(final String symbol, final long openTimeNs, final Bar bar)
        {
            final int exp = bar.exponent;
            write(new StringBuilder(128).append(symbol).append(',').append(openTimeNs).append(',')
                .append(Prices.toPlain(bar.open, exp)).append(',').append(Prices.toPlain(bar.high, exp)).append(',')
                .append(Prices.toPlain(bar.low, exp)).append(',').append(Prices.toPlain(bar.close, exp)).append(',')
                .append(bar.volume).append(',').append(bar.count).append(',').append(bar.vwap()).append('\n'));
        }

        private void write(final CharSequence row)
        {
            try
            {
                writer.append(row);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void close() throws IOException
        {
            writer.flush();
            if (toFile)
            {
                writer.close();
            }
        }
    }

    private static final class ParquetSink implements RowSink
    {
        private final ParquetWriter writer;

        ParquetSink(final Path output, final List<Column> columns) throws IOException
        {
            writer = new ParquetWriter(output, columns);
        }

        @Override
        public void tick(final Tick tick, final String symbol, final int exp)
        {
            writer.setLong(0, tick.globalSeq);
            writer.setLong(1, tick.exchangeTimeNs);
            writer.setString(2, symbol);
            writer.setString(3, TickType.name(tick.type));
            if (tick.type == TickType.TRADE)
            {
                writer.setDouble(4, decimal(tick.priceMantissa, exp));
                writer.setLong(5, tick.size);
                for (int c = 6; c < 10; c++)
                {
                    writer.setNull(c);
                }
            }
            else
            {
                writer.setNull(4);
                writer.setNull(5);
                writer.setDouble(6, decimal(tick.bidPriceMantissa, exp));
                writer.setLong(7, tick.bidSize);
                writer.setDouble(8, decimal(tick.askPriceMantissa, exp));
                writer.setLong(9, tick.askSize);
            }
            endRow();
        }

        @Override
        public void bar(final String symbol, final long openTimeNs, final Bar bar)
        {
            writer.setString(0, symbol);
            writer.setLong(1, openTimeNs);
            writer.setDouble(2, bar.price(bar.open));
            writer.setDouble(3, bar.price(bar.high));
            writer.setDouble(4, bar.price(bar.low));
            writer.setDouble(5, bar.price(bar.close));
            writer.setLong(6, bar.volume);
            writer.setLong(7, bar.count);
            writer.setDouble(8, bar.vwap());
            endRow();
        }

        private static double decimal(final long mantissa, final int exponent)
        {
            // Correctly rounded, as a CSV reader parsing the exact decimal gets it.
            return new BigDecimal(Prices.toPlain(mantissa, exponent)).doubleValue();
        }

        private void endRow()
        {
            try
            {
                writer.endRow();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void close() throws IOException
        {
            writer.close();
        }
    }
}
