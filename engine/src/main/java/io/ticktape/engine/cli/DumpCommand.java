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

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code ticktape dump}: journal entries as YAML flow mappings, one a line, so that any YAML reader (or grep) takes
 * them.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, description = "Print journal entries in readable form.")
final class DumpCommand implements Callable<Integer>
{
    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--from-seq", defaultValue = "1", description = "First global sequence to print (default 1).")
    long fromSeq;

    @Option(names = "--count", defaultValue = "-1", description = "Entries to print (default: all).")
    long count;

    @Option(names = "--roll-cycle", defaultValue = "FAST_DAILY", description = "Journal roll cycle.")
    String rollCycle;

    @Option(names = "--timers", description = "Also print the feed thread's journaled timers (type: timer; they " +
        "repeat the last tick's seq and are not counted in --count).")
    boolean timers;

    @Override
    public Integer call()
    {
        if (!Files.isDirectory(dataDir.resolve(Journal.TICKS_FOLDER)))
        {
            throw new IllegalArgumentException("no journal in " + dataDir + " (expected " + Journal.TICKS_FOLDER + ")");
        }
        if (count == 0)
        {
            return 0;
        }
        final PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false,
            StandardCharsets.UTF_8);
        final Int2ObjectHashMap<String> symbols = new Int2ObjectHashMap<>();
        final Int2IntHashMap exponents = new Int2IntHashMap(0);
        final long[] printed = { 0 };
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, rollCycle, true)))
        {
            reader.readAll(tick ->
            {
                if (tick.type == TickType.INSTRUMENT)
                {
                    symbols.put(tick.instrumentId, tick.symbolAsString());
                    exponents.put(tick.instrumentId, tick.priceExponent);
                }
                if (tick.type == TickType.TIMER)
                {
                    if (tick.globalSeq >= fromSeq && (count < 0 || printed[0] < count))
                    {
                        out.println(line(tick, null, 0));
                    }
                    return;
                }
                if (tick.globalSeq >= fromSeq && (count < 0 || printed[0] < count))
                {
                    out.println(line(tick, symbols.get(tick.instrumentId), exponents.get(tick.instrumentId)));
                    printed[0]++;
                }
            }, timers);
            out.flush();
            if (reader.corruptExcerpts() > 0)
            {
                System.err.printf("ticktape dump: %d journal excerpt(s) ended inside a tick; printed up to the " +
                    "last whole tick of each%n", reader.corruptExcerpts());
            }
        }
        return 0;
    }

    static String line(final Tick tick, final String symbol, final int exponent)
    {
        final StringBuilder line = new StringBuilder(160);
        line.append("- {seq: ").append(tick.globalSeq)
            .append(", type: ").append(TickType.name(tick.type))
            .append(", channel: ").append(tick.channelId)
            .append(", lineSeq: ").append(tick.lineSeq);
        switch (tick.type)
        {
            case TickType.INSTRUMENT:
                line.append(", instrument: ").append(tick.instrumentId & 0xFFFF_FFFFL)
                    .append(", symbol: \"").append(tick.symbolAsString()).append('"')
                    .append(", priceExponent: ").append(tick.priceExponent)
                    .append(", tickSize: ").append(Prices.toPlain(tick.tickSizeMantissa, tick.priceExponent));
                break;

            case TickType.TRADE:
                instrument(line, tick, symbol);
                line.append(", price: ").append(Prices.toPlain(tick.priceMantissa, exponent))
                    .append(", size: ").append(tick.size)
                    .append(", side: ").append(side(tick.aggressorSide))
                    .append(", tradeId: ").append(tick.tradeId);
                break;

            case TickType.QUOTE:
                instrument(line, tick, symbol);
                line.append(", bid: ").append(Prices.toPlain(tick.bidPriceMantissa, exponent))
                    .append(", bidSize: ").append(tick.bidSize)
                    .append(", ask: ").append(Prices.toPlain(tick.askPriceMantissa, exponent))
                    .append(", askSize: ").append(tick.askSize);
                break;

            case TickType.GAP:
                line.append(", missingFrom: ").append(tick.lineSeq).append(", missingTo: ").append(tick.gapToLineSeq);
                break;

            case TickType.CHANNEL_STATUS:
                line.append(", state: ").append(tick.channelStale ? "stale" : "active")
                    .append(", silentNs: ").append(tick.eventNs);
                break;

            case TickType.TIMER:
                line.append(", ts: ").append(Instant.ofEpochSecond(0, tick.exchangeTimeNs))
                    .append(", tsNs: ").append(tick.exchangeTimeNs);
                break;

            default:
                break;
        }
        return line.append('}').toString();
    }

    private static void instrument(final StringBuilder line, final Tick tick, final String symbol)
    {
        line.append(", instrument: ").append(tick.instrumentId & 0xFFFF_FFFFL);
        if (null != symbol)
        {
            line.append(", symbol: \"").append(symbol).append('"');
        }
        line.append(", ts: ").append(Instant.ofEpochSecond(0, tick.exchangeTimeNs))
            .append(", tsNs: ").append(tick.exchangeTimeNs);
    }

    private static String side(final byte side)
    {
        return side == 1 ? "buy" : side == 2 ? "sell" : "none";
    }
}
