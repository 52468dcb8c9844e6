package io.ticktape.engine;

import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import io.ticktape.store.imports.DbnImport;
import io.ticktape.store.imports.DbnReader;
import io.ticktape.store.imports.TickImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel's 1-minute bars against the vendor's: Databento's GLBX trades for ESU4 (2024-07-01 23:58 to
 * 2024-07-02 00:02 UTC) imported into the journal and run through the real {@link AnalyticsKernel}, compared with
 * Databento's own ohlcv-1m bars for the same minutes. Databento builds OHLCV from trades by ts_event, as the kernel
 * does by exchange time, so open, high, low, close and volume must be equal, minute for minute.
 */
class VendorBarsTest
{
    private static final Path GLBX = Path.of("..", "..", "shared", "data", "databento-glbx", "historical_bars_catalog");
    private static final long MINUTE_NS = TimeUnit.MINUTES.toNanos(1);

    @TempDir
    Path dataDir;

    /** open, high, low, close, volume (prices as 1e-9 mantissas). */
    private record Ohlcv(long open, long high, long low, long close, long volume)
    {
    }

    @Test
    void shouldMatchDatabentosOneMinuteBars() throws Exception
    {
        final Path trades = GLBX.resolve("futures_trades_2024-07-01T23-58_2024-07-02T00-02.dbn.zst");
        final Path ohlcv = GLBX.resolve("futures_ohlcv-1m_2024-07-01T23-40_2024-07-02T00-10.dbn.zst");
        assumeTrue(Files.exists(trades) && Files.exists(ohlcv), "no Databento GLBX data in " + GLBX);

        try (TickImporter importer = new TickImporter(dataDir, "FAST_DAILY", new Counters()))
        {
            assertThat(DbnImport.run(trades, importer).trades()).isEqualTo(120);
        }

        // The kernel, fed from the journal as a replay would, publishing into a recorder.
        final Map<Long, Ohlcv> kernelBars = new TreeMap<>();
        final Map<Integer, String> symbols = new HashMap<>();
        final long[] tradeRange = { Long.MAX_VALUE, Long.MIN_VALUE };
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final BarDecoder bar = new BarDecoder();
        final String[] barSymbol = { null };
        final AnalyticsKernel kernel = new AnalyticsKernel(new long[]{ MINUTE_NS },
            AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS, 0, (buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                if (header.templateId() == BarDecoder.TEMPLATE_ID)
                {
                    bar.wrapAndApplyHeader(buffer, offset, header);
                    assertThat(bar.priceExponent()).isEqualTo((byte)-9);
                    // The last minute is published as an in-progress snapshot at the end of the data.
                    if (bar.closed() == BooleanType.TRUE || !kernelBars.containsKey(bar.openTimeNs()))
                    {
                        kernelBars.put(bar.openTimeNs(), new Ohlcv(bar.openMantissa(), bar.highMantissa(),
                            bar.lowMantissa(), bar.closeMantissa(), bar.volume()));
                    }
                    barSymbol[0] = symbols.get((int)bar.instrumentId());
                }
            }, System::nanoTime, null, new Counters());
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, "FAST_DAILY", true)))
        {
            reader.readAll(tick ->
            {
                if (tick.type == TickType.INSTRUMENT)
                {
                    symbols.put(tick.instrumentId, tick.symbolAsString());
                }
                else if (tick.type == TickType.TRADE)
                {
                    tradeRange[0] = Math.min(tradeRange[0], tick.exchangeTimeNs);
                    tradeRange[1] = Math.max(tradeRange[1], tick.exchangeTimeNs);
                }
                kernel.onTick(tick);
            });
        }
        kernel.publishOpenBars();
        assertThat(barSymbol[0]).isEqualTo("ESU4");

        // Databento's bars, decoded independently of the importer: OhlcvMsg is header(16), open, high, low, close
        // (i64 at 16, 24, 32, 40) and volume (u64 at 48); ts_event is the minute's start.
        final Map<Long, Ohlcv> vendorBars = new TreeMap<>();
        final List<String> vendorSymbols = new ArrayList<>();
        try (DbnReader reader = new DbnReader(ohlcv))
        {
            final Map<Long, String> mapped = reader.metadata().instrumentSymbols;
            while (reader.next())
            {
                assertThat(reader.rtype()).isEqualTo(DbnReader.RTYPE_OHLCV_1M);
                final String symbol = mapped.get(reader.instrumentId());
                vendorSymbols.add(symbol);
                final long minute = reader.tsEvent();
                if ("ESU4".equals(symbol) && minute >= floorMinute(tradeRange[0]) && minute <= floorMinute(tradeRange[1]))
                {
                    final ByteBuffer r = reader.record();
                    vendorBars.put(minute, new Ohlcv(r.getLong(16), r.getLong(24), r.getLong(32), r.getLong(40),
                        r.getLong(48)));
                }
            }
        }
        assertThat(vendorSymbols).contains("ESU4", "NQU4").hasSize(60);
        assertThat(vendorBars).hasSize(4);

        for (final Map.Entry<Long, Ohlcv> e : vendorBars.entrySet())
        {
            System.out.printf("%s vendor %s kernel %s%n", Instant.ofEpochSecond(0, e.getKey()), e.getValue(),
                kernelBars.get(e.getKey()));
        }
        assertThat(kernelBars).isEqualTo(vendorBars);
    }

    private static long floorMinute(final long tsNs)
    {
        return Math.floorDiv(tsNs, MINUTE_NS) * MINUTE_NS;
    }
}
