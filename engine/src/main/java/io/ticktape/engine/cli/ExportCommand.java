package io.ticktape.engine.cli;

import io.ticktape.protocol.tick.Prices;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ticktape export}: journaled trades and quotes as CSV.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export journaled ticks.")
final class ExportCommand implements Callable<Integer>
{
    static final String HEADER = "seq,ts_ns,symbol,type,price,size,bid,bid_size,ask,ask_size";

    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--table", defaultValue = "ticks", description = "ticks (trades and quotes) | trades | quotes.")
    String table;

    @Option(names = "--format", defaultValue = "csv", description = "csv.")
    String format;

    @Option(names = "--output", description = "File to write (default: standard output).")
    Path output;

    @Option(names = "--roll-cycle", defaultValue = "FAST_DAILY", description = "Journal roll cycle.")
    String rollCycle;

    @Override
    public Integer call() throws IOException
    {
        if (!"csv".equals(format))
        {
            throw new IllegalArgumentException("unsupported format '" + format + "': only csv is available so far");
        }
        final boolean trades;
        final boolean quotes;
        switch (table)
        {
            case "ticks":
                trades = true;
                quotes = true;
                break;
            case "trades":
                trades = true;
                quotes = false;
                break;
            case "quotes":
                trades = false;
                quotes = true;
                break;
            default:
                throw new IllegalArgumentException("unknown table '" + table + "': expected ticks, trades or quotes");
        }
        if (!Files.isDirectory(dataDir.resolve(Journal.TICKS_FOLDER)))
        {
            throw new IllegalArgumentException("no journal in " + dataDir + " (expected " + Journal.TICKS_FOLDER + ")");
        }

        final Writer writer = null == output ?
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16) :
            Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        final Int2ObjectHashMap<String> symbols = new Int2ObjectHashMap<>();
        final Int2IntHashMap exponents = new Int2IntHashMap(0);
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, rollCycle, true)))
        {
            writer.write(HEADER);
            writer.write('\n');
            reader.readAll(tick ->
            {
                try
                {
                    if (tick.type == TickType.INSTRUMENT)
                    {
                        symbols.put(tick.instrumentId, tick.symbolAsString());
                        exponents.put(tick.instrumentId, tick.priceExponent);
                    }
                    else if ((tick.type == TickType.TRADE && trades) || (tick.type == TickType.QUOTE && quotes))
                    {
                        writeRow(writer, tick, symbols.get(tick.instrumentId), exponents.get(tick.instrumentId));
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
            if (reader.corruptExcerpts() > 0)
            {
                System.err.printf("ticktape export: %d journal excerpt(s) ended inside a tick; exported up to the " +
                    "last whole tick of each%n", reader.corruptExcerpts());
            }
        }
        finally
        {
            writer.flush();
            if (null != output)
            {
                writer.close();
            }
        }
        return 0;
    }

    private static void writeRow(final Writer writer, final Tick tick, final String symbol, final int exponent)
        throws IOException
    {
        final int exp = exponent;
        final StringBuilder row = new StringBuilder(96);
        row.append(tick.globalSeq).append(',').append(tick.exchangeTimeNs).append(',')
            .append(null == symbol || symbol.isEmpty() ? "#" + tick.instrumentId : symbol).append(',')
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
        row.append('\n');
        writer.write(row.toString());
    }
}
