package io.ticktape.store.history;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link HistoryView} over the column files that {@link HistoryBuilder} writes: scans a symbol's partitions that
 * overlap the time range, skips blocks by their min/max time without decoding them, and decodes the rest straight
 * into the block handed to the handler. Works beside a running builder, in this process or another: sealed blocks
 * never change, and the raw tail rows after them are read up to the published tail length under a seqlock.
 * <p>
 * Not thread safe: one instance per query thread (opening one is cheap).
 */
public final class ColumnarHistory implements HistoryView
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final Path root;
    private final BlockCodec codec = new BlockCodec();
    private final Map<Path, ColumnFile.Reader> readers = new HashMap<>();
    private final HistoryView.TradeBlock tradeBlock;
    private final HistoryView.QuoteBlock quoteBlock;
    private final Rows tradeRows;
    private final Rows quoteRows;
    private HistoryFiles.State state;
    private Map<String, Integer> symbols = new HashMap<>();
    private long symbolsFileSize = -1;
    private List<Long> days = new ArrayList<>();
    private long daysListedAtSeq = -1;
    private long[] offsets = new long[64];
    private final Rows tailTrades = new Rows(Rows.Kind.TRADES, 64);
    private final Rows tailQuotes = new Rows(Rows.Kind.QUOTES, 64);
    private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();

    private ColumnarHistory(final Path dataDir)
    {
        this.root = HistoryFiles.root(dataDir);
        tradeBlock = new HistoryView.TradeBlock(HistoryBuilder.DEFAULT_BLOCK_ROWS);
        quoteBlock = new HistoryView.QuoteBlock(HistoryBuilder.DEFAULT_BLOCK_ROWS);
        tradeRows = new Rows(Rows.Kind.TRADES, 0);
        quoteRows = new Rows(Rows.Kind.QUOTES, 0);
        aliasTrades();
        aliasQuotes();
    }

    /**
     * Open the history tier of a data directory (empty if no builder has run there yet).
     *
     * @param dataDir the store's data directory.
     * @return the view; close it when done.
     */
    public static ColumnarHistory open(final Path dataDir)
    {
        return new ColumnarHistory(dataDir);
    }

    @Override
    public List<String> symbols()
    {
        refreshSymbols();
        final List<String> list = new ArrayList<>(symbols.keySet());
        list.sort(null);
        return list;
    }

    @Override
    public int priceExponent(final String symbol)
    {
        refreshSymbols();
        final Integer exponent = symbols.get(symbol);
        return null == exponent ? 0 : exponent;
    }

    @Override
    public long visibleGlobalSeq()
    {
        if (null == state)
        {
            if (!Files.exists(root.resolve("state")))
            {
                return 0;
            }
            state = new HistoryFiles.State(root, false);
        }
        return state.visibleSeq();
    }

    @Override
    public void scanTrades(final String symbol, final long fromNs, final long toNs, final TradeBlockHandler handler)
    {
        scan(Rows.Kind.TRADES, symbol, fromNs, toNs, tradeRows, () ->
        {
            aliasTradeBlock();
            handler.onTrades(tradeBlock);
        });
    }

    @Override
    public void scanQuotes(final String symbol, final long fromNs, final long toNs, final QuoteBlockHandler handler)
    {
        scan(Rows.Kind.QUOTES, symbol, fromNs, toNs, quoteRows, () ->
        {
            aliasQuoteBlock();
            handler.onQuotes(quoteBlock);
        });
    }

    /**
     * Size of the tier: for reporting bytes per tick.
     *
     * @return rows and bytes (headers included) of every column file, trades and quotes apart.
     */
    public Stats stats()
    {
        final Stats stats = new Stats();
        for (final long day : HistoryFiles.days(root))
        {
            for (final String symbol : symbols())
            {
                for (final Rows.Kind kind : Rows.Kind.values())
                {
                    final ColumnFile.Reader reader = reader(day, kind, symbol);
                    if (null == reader || !reader.snapshot())
                    {
                        continue;
                    }
                    final long bytes = reader.sealedLength + reader.tailLength;
                    long rows = 0;
                    final DirectBuffer buffer = reader.buffer();
                    for (long p = ColumnFile.HEADER_LENGTH; p < reader.sealedLength; )
                    {
                        final int length = codec.validate(buffer, (int)p, reader.sealedLength - p);
                        if (length < 0)
                        {
                            break;
                        }
                        rows += buffer.getInt((int)p + BlockCodec.COUNT_OFFSET, LE);
                        p += length;
                    }
                    rows += reader.tailLength / ColumnFile.rowLength(kind);
                    if (kind == Rows.Kind.TRADES)
                    {
                        stats.tradeRows += rows;
                        stats.tradeBytes += bytes;
                    }
                    else
                    {
                        stats.quoteRows += rows;
                        stats.quoteBytes += bytes;
                    }
                }
            }
        }
        return stats;
    }

    /**
     * Rows and bytes of the tier.
     */
    public static final class Stats
    {
        /** Trade rows. */
        public long tradeRows;
        /** Bytes of trade column files, headers included. */
        public long tradeBytes;
        /** Quote rows. */
        public long quoteRows;
        /** Bytes of quote column files, headers included. */
        public long quoteBytes;
    }

    private void scan(
        final Rows.Kind kind, final String symbol, final long fromNs, final long toNs, final Rows rows,
        final Runnable deliver)
    {
        if (fromNs >= toNs)
        {
            return;
        }
        refreshDays();
        final long firstDay = HistoryFiles.day(fromNs);
        final long lastDay = HistoryFiles.day(toNs - 1);
        for (final long day : days)
        {
            if (day < firstDay || day > lastDay)
            {
                continue;
            }
            final ColumnFile.Reader reader = reader(day, kind, symbol);
            if (null != reader && reader.snapshot())
            {
                scanFile(reader, fromNs, toNs, rows, deliver);
            }
        }
    }

    private void scanFile(
        final ColumnFile.Reader reader, final long fromNs, final long toNs, final Rows rows, final Runnable deliver)
    {
        final DirectBuffer buffer = reader.buffer();
        int blocks = 0;
        boolean ordered = true;
        long previousMaxTs = Long.MIN_VALUE;
        long position = ColumnFile.HEADER_LENGTH;
        while (position < reader.sealedLength)
        {
            final int offset = (int)position;
            if (position >= reader.validatedTo)
            {
                // Once per block per reader: a damaged block (a crash no builder has repaired yet) ends the scan of
                // this file there instead of failing the query.
                final int length = codec.validate(buffer, offset, reader.sealedLength - position);
                if (length < 0)
                {
                    break;
                }
                reader.validatedTo = position + length;
            }
            final long minTs = buffer.getLong(offset + BlockCodec.MIN_TS_OFFSET, LE);
            final long maxTs = buffer.getLong(offset + BlockCodec.MAX_TS_OFFSET, LE);
            if (maxTs >= fromNs && minTs < toNs)
            {
                ordered &= minTs >= previousMaxTs;
                previousMaxTs = Math.max(previousMaxTs, maxTs);
                addOffset(blocks++, position);
            }
            position += buffer.getInt(offset + BlockCodec.LENGTH_OFFSET, LE);
        }
        final Rows tail = rows.kind == Rows.Kind.TRADES ? tailTrades : tailQuotes;
        tail.clear();
        if (reader.tailLength > 0 &&
            ColumnFile.readRows(reader.tail, 0, reader.tailLength, rows.kind, tail, crc) > 0)
        {
            final long minTs = tail.ts[0];
            final long maxTs = tail.ts[tail.count - 1];
            if (maxTs >= fromNs && minTs < toNs)
            {
                ordered &= minTs >= previousMaxTs;
                addOffset(blocks++, -1);
            }
        }
        if (ordered)
        {
            for (int b = 0; b < blocks; b++)
            {
                decode(reader, offsets[b], rows);
                if (filter(rows, fromNs, toNs) > 0)
                {
                    deliver.run();
                }
            }
        }
        else
        {
            scanOverlapping(reader, blocks, fromNs, toNs, rows, deliver);
        }
    }

    /**
     * Blocks whose time ranges overlap (ticks journaled out of exchange-time order): gather, sort, deliver.
     */
    private void scanOverlapping(
        final ColumnFile.Reader reader, final int blocks, final long fromNs, final long toNs, final Rows rows,
        final Runnable deliver)
    {
        final Rows all = new Rows(rows.kind, 1024);
        for (int b = 0; b < blocks; b++)
        {
            decode(reader, offsets[b], rows);
            filter(rows, fromNs, toNs);
            for (int i = 0; i < rows.count; i++)
            {
                all.insert(rows.ts[i], rows.seq[i], rows.values[0][i], rows.values[1][i],
                    rows.kind == Rows.Kind.QUOTES ? rows.values[2][i] : 0,
                    rows.kind == Rows.Kind.QUOTES ? rows.values[3][i] : 0, rows.side[i]);
            }
        }
        // insert() keeps (ts, arrival) order, and arrival here is by block, not seq: fix equal-ts runs by seq.
        sortEqualTsBySeq(all);
        final int chunk = HistoryBuilder.DEFAULT_BLOCK_ROWS;
        for (int start = 0; start < all.count; start += chunk)
        {
            final int n = Math.min(chunk, all.count - start);
            rows.ensureCapacity(n);
            System.arraycopy(all.ts, start, rows.ts, 0, n);
            System.arraycopy(all.seq, start, rows.seq, 0, n);
            for (int c = 0; c < rows.values.length; c++)
            {
                System.arraycopy(all.values[c], start, rows.values[c], 0, n);
            }
            System.arraycopy(all.side, start, rows.side, 0, n);
            rows.count = n;
            deliver.run();
        }
    }

    private static void sortEqualTsBySeq(final Rows rows)
    {
        for (int i = 1; i < rows.count; i++)
        {
            int j = i;
            while (j > 0 && rows.ts[j - 1] == rows.ts[j] && rows.seq[j - 1] > rows.seq[j])
            {
                swap(rows, j - 1, j);
                j--;
            }
        }
    }

    private static void swap(final Rows rows, final int a, final int b)
    {
        long t = rows.ts[a];
        rows.ts[a] = rows.ts[b];
        rows.ts[b] = t;
        t = rows.seq[a];
        rows.seq[a] = rows.seq[b];
        rows.seq[b] = t;
        for (final long[] column : rows.values)
        {
            t = column[a];
            column[a] = column[b];
            column[b] = t;
        }
        final byte s = rows.side[a];
        rows.side[a] = rows.side[b];
        rows.side[b] = s;
    }

    private void addOffset(final int index, final long offset)
    {
        if (index == offsets.length)
        {
            offsets = java.util.Arrays.copyOf(offsets, index * 2);
        }
        offsets[index] = offset;
    }

    private void decode(final ColumnFile.Reader reader, final long offset, final Rows rows)
    {
        if (offset < 0)
        {
            final Rows tail = rows.kind == Rows.Kind.TRADES ? tailTrades : tailQuotes;
            final int n = tail.count;
            rows.ensureCapacity(n);
            System.arraycopy(tail.ts, 0, rows.ts, 0, n);
            System.arraycopy(tail.seq, 0, rows.seq, 0, n);
            for (int c = 0; c < rows.values.length; c++)
            {
                System.arraycopy(tail.values[c], 0, rows.values[c], 0, n);
            }
            System.arraycopy(tail.side, 0, rows.side, 0, n);
            rows.count = n;
        }
        else
        {
            codec.decode(reader.buffer(), (int)offset, rows);
        }
    }

    private static int filter(final Rows rows, final long fromNs, final long toNs)
    {
        final int n = rows.count;
        final long[] ts = rows.ts;
        if (n > 0 && ts[0] >= fromNs && ts[n - 1] < toNs)
        {
            return n;
        }
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (ts[i] >= fromNs && ts[i] < toNs)
            {
                if (kept != i)
                {
                    ts[kept] = ts[i];
                    rows.seq[kept] = rows.seq[i];
                    for (final long[] column : rows.values)
                    {
                        column[kept] = column[i];
                    }
                    rows.side[kept] = rows.side[i];
                }
                kept++;
            }
        }
        rows.count = kept;
        return kept;
    }

    private ColumnFile.Reader reader(final long day, final Rows.Kind kind, final String symbol)
    {
        final Path path = HistoryFiles.columnFile(root, day, kind, symbol);
        ColumnFile.Reader reader = readers.get(path);
        if (null == reader && Files.exists(path))
        {
            reader = new ColumnFile.Reader(path);
            readers.put(path, reader);
        }
        return reader;
    }

    private void refreshDays()
    {
        final long seq = visibleGlobalSeq();
        if (seq != daysListedAtSeq || days.isEmpty())
        {
            days = HistoryFiles.days(root);
            daysListedAtSeq = seq;
        }
    }

    private void refreshSymbols()
    {
        final Path file = root.resolve("symbols");
        long size = -1;
        try
        {
            size = Files.exists(file) ? Files.size(file) : -1;
        }
        catch (final java.io.IOException ignore)
        {
            // Treated as unchanged.
        }
        if (size != symbolsFileSize)
        {
            symbols = HistoryFiles.readSymbols(root);
            symbolsFileSize = size;
        }
    }

    private void aliasTrades()
    {
        tradeRows.ts = tradeBlock.ts;
        tradeRows.seq = tradeBlock.globalSeq;
        tradeRows.values[0] = tradeBlock.priceMantissa;
        tradeRows.values[1] = tradeBlock.size;
        tradeRows.side = tradeBlock.side;
    }

    private void aliasTradeBlock()
    {
        // Decoding may have grown the arrays: the block hands out whatever the rows now hold.
        tradeBlock.ts = tradeRows.ts;
        tradeBlock.globalSeq = tradeRows.seq;
        tradeBlock.priceMantissa = tradeRows.values[0];
        tradeBlock.size = tradeRows.values[1];
        tradeBlock.side = tradeRows.side;
        tradeBlock.count = tradeRows.count;
    }

    private void aliasQuotes()
    {
        quoteRows.ts = quoteBlock.ts;
        quoteRows.seq = quoteBlock.globalSeq;
        quoteRows.values[0] = quoteBlock.bidPriceMantissa;
        quoteRows.values[1] = quoteBlock.bidSize;
        quoteRows.values[2] = quoteBlock.askPriceMantissa;
        quoteRows.values[3] = quoteBlock.askSize;
        quoteRows.side = new byte[quoteBlock.ts.length];
    }

    private void aliasQuoteBlock()
    {
        quoteBlock.ts = quoteRows.ts;
        quoteBlock.globalSeq = quoteRows.seq;
        quoteBlock.bidPriceMantissa = quoteRows.values[0];
        quoteBlock.bidSize = quoteRows.values[1];
        quoteBlock.askPriceMantissa = quoteRows.values[2];
        quoteBlock.askSize = quoteRows.values[3];
        quoteBlock.count = quoteRows.count;
    }

    @Override
    public void close()
    {
        readers.values().forEach(ColumnFile.Reader::close);
        readers.clear();
        if (null != state)
        {
            state.close();
            state = null;
        }
    }
}
