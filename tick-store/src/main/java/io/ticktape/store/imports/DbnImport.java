package io.ticktape.store.imports;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Imports a Databento DBN file's trades (schema trades, rtype 0x00) and top of book (schema MBP-1, rtype 0x01:
 * action 'T' is a trade, any other action a quote of the book's best level after it) into the journal. Prices are
 * DBN's fixed point, exponent -9. Symbols come from the metadata's symbol mappings (raw symbol of each instrument
 * id); an unmapped instrument is named by its id. Other record types are counted as skipped.
 */
public final class DbnImport
{
    /** DBN's price exponent: prices are in units of 1e-9. */
    public static final int PRICE_EXPONENT = -9;

    private DbnImport()
    {
    }

    /**
     * @param file     plain or zstd DBN file.
     * @param importer where ticks go.
     * @return what was imported.
     * @throws DbnReader.DbnFormatException if the file is not DBN (bad records later are counted, not thrown).
     * @throws IOException                  if it cannot be read.
     */
    public static ImportReport run(final Path file, final TickImporter importer) throws IOException
    {
        final long startNs = System.nanoTime();
        final ImportReport report = new ImportReport();
        report.firstGlobalSeq = importer.lastGlobalSeq() + 1;
        final Map<Long, Integer> ids = new HashMap<>();
        try (DbnReader reader = new DbnReader(file))
        {
            final DbnReader.Metadata metadata = reader.metadata();
            // Definitions first, in instrument id order, for every instrument the metadata maps.
            for (final Map.Entry<Long, String> e : new TreeMap<>(metadata.instrumentSymbols).entrySet())
            {
                ids.put(e.getKey(), importer.define(symbol(e.getValue(), e.getKey()), PRICE_EXPONENT, 0));
            }
            while (true)
            {
                try
                {
                    if (!reader.next())
                    {
                        break;
                    }
                }
                catch (final IOException | RuntimeException ex)
                {
                    // Truncated or corrupt (zstd or DBN): keep what came before, report where it stopped.
                    report.bad("record " + (reader.recordsRead() + 1), String.valueOf(ex.getMessage()));
                    report.stoppedBy = ex.getMessage();
                    break;
                }
                report.records++;
                onRecord(reader, metadata, importer, ids, report);
            }
        }
        report.trades = importer.trades();
        report.quotes = importer.quotes();
        report.definitions = importer.definitions();
        report.lastGlobalSeq = importer.lastGlobalSeq();
        report.elapsedNs = System.nanoTime() - startNs;
        return report;
    }

    private static void onRecord(
        final DbnReader reader, final DbnReader.Metadata metadata, final TickImporter importer,
        final Map<Long, Integer> ids, final ImportReport report)
    {
        final int rtype = reader.rtype();
        final ByteBuffer r = reader.record();
        final long n = reader.recordsRead();
        if (rtype != DbnReader.RTYPE_MBP_0 && rtype != DbnReader.RTYPE_MBP_1)
        {
            report.skipped++;
            return;
        }
        final int needed = rtype == DbnReader.RTYPE_MBP_0 ? 48 : 80;
        if (r.limit() < needed)
        {
            report.bad("record " + n, "rtype " + rtype + " record of " + r.limit() + " bytes, expected " + needed);
            return;
        }
        final long instrument = reader.instrumentId();
        Integer id = ids.get(instrument);
        if (null == id)
        {
            id = importer.define(symbol(metadata.instrumentSymbols.get(instrument), instrument), PRICE_EXPONENT, 0);
            ids.put(instrument, id);
        }
        final long ts = reader.tsEvent();
        final char action = (char)r.get(28);
        if (rtype == DbnReader.RTYPE_MBP_0 || action == 'T')
        {
            final long price = r.getLong(16);
            if (price == DbnReader.UNDEF_PRICE)
            {
                report.bad("record " + n, "trade without a price");
                return;
            }
            final char side = (char)r.get(29);
            importer.trade(id, ts, price, r.getInt(24) & 0xFFFF_FFFFL,
                (byte)(side == 'B' ? 1 : side == 'A' ? 2 : 0), r.getInt(44) & 0xFFFF_FFFFL, n);
            return;
        }
        final long bid = r.getLong(48);
        final long ask = r.getLong(56);
        if (bid == DbnReader.UNDEF_PRICE || ask == DbnReader.UNDEF_PRICE)
        {
            // A side of the book is empty: a quote needs both.
            report.skipped++;
            return;
        }
        importer.quote(id, ts, bid, r.getInt(64) & 0xFFFF_FFFFL, ask, r.getInt(68) & 0xFFFF_FFFFL, n);
    }

    private static String symbol(final String rawSymbol, final long instrumentId)
    {
        final String symbol = null == rawSymbol || rawSymbol.isEmpty() ? Long.toString(instrumentId) : rawSymbol;
        return symbol.length() > io.ticktape.protocol.tick.Tick.SYMBOL_CAPACITY ?
            symbol.substring(0, io.ticktape.protocol.tick.Tick.SYMBOL_CAPACITY) : symbol;
    }
}
