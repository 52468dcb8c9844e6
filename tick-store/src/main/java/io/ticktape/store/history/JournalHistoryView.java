package io.ticktape.store.history;

import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import org.agrona.collections.Int2ObjectHashMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link HistoryView} that reads a data directory's whole journal into memory, per symbol, as primitive column
 * chunks of {@link #CHUNK_ROWS} rows sorted by (ts, globalSeq). Meant for small data directories, tests and as a
 * cross-check of the columnar tier; it is immutable once loaded, so concurrent scans are safe.
 * <p>
 * A scan hands whole chunks over without copying (the block's arrays are the chunk's: read only); only the chunks
 * at the ends of the time range are copied. Instrument definitions name the symbol and price exponent; a trade or
 * quote of an instrument never defined is kept under {@code #<instrumentId>} with exponent 0.
 */
public final class JournalHistoryView implements HistoryView
{
    /** Rows per chunk. */
    public static final int CHUNK_ROWS = 4096;

    private final Map<String, Series> trades = new HashMap<>();
    private final Map<String, Series> quotes = new HashMap<>();
    private final Map<String, Integer> exponents = new HashMap<>();
    private final List<String> symbols;
    private final long visibleGlobalSeq;
    private final long corruptExcerpts;

    private JournalHistoryView(final JournalReader reader)
    {
        final Int2ObjectHashMap<Builder> tradeBuilders = new Int2ObjectHashMap<>();
        final Int2ObjectHashMap<Builder> quoteBuilders = new Int2ObjectHashMap<>();
        final Int2ObjectHashMap<String> names = new Int2ObjectHashMap<>();
        final Map<Integer, Integer> exponentById = new HashMap<>();
        final long[] lastSeq = { 0 };
        reader.readAll(tick ->
        {
            lastSeq[0] = Math.max(lastSeq[0], tick.globalSeq);
            switch (tick.type)
            {
                case TickType.INSTRUMENT:
                    names.put(tick.instrumentId, tick.symbolAsString());
                    exponentById.put(tick.instrumentId, tick.priceExponent);
                    break;
                case TickType.TRADE:
                    tradeBuilders.computeIfAbsent(tick.instrumentId, id -> new Builder(4, true)).addTrade(tick);
                    break;
                case TickType.QUOTE:
                    quoteBuilders.computeIfAbsent(tick.instrumentId, id -> new Builder(6, false)).addQuote(tick);
                    break;
                default:
                    break;
            }
        });
        corruptExcerpts = reader.corruptExcerpts();
        visibleGlobalSeq = lastSeq[0];
        final java.util.TreeSet<String> all = new java.util.TreeSet<>();
        tradeBuilders.forEach((id, builder) ->
        {
            final String symbol = symbolOf(names, id);
            merge(trades, symbol, builder);
            all.add(symbol);
            exponents.put(symbol, exponentById.getOrDefault(id, 0));
        });
        quoteBuilders.forEach((id, builder) ->
        {
            final String symbol = symbolOf(names, id);
            merge(quotes, symbol, builder);
            all.add(symbol);
            exponents.put(symbol, exponentById.getOrDefault(id, 0));
        });
        symbols = Collections.unmodifiableList(new ArrayList<>(all));
    }

    /**
     * Load a data directory's journal.
     *
     * @param dataDir   the store's data directory (the journal is under {@code journal/ticks}).
     * @param rollCycle the journal's roll cycle, e.g. {@code FAST_DAILY}.
     * @return the view.
     * @throws IllegalArgumentException when there is no journal there.
     */
    public static JournalHistoryView load(final Path dataDir, final String rollCycle)
    {
        if (!Files.isDirectory(dataDir.resolve(Journal.TICKS_FOLDER)))
        {
            throw new IllegalArgumentException("no journal in " + dataDir + " (expected " + Journal.TICKS_FOLDER + ")");
        }
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, rollCycle, true)))
        {
            return new JournalHistoryView(reader);
        }
    }

    private static String symbolOf(final Int2ObjectHashMap<String> names, final int id)
    {
        final String name = names.get(id);
        return null == name || name.isEmpty() ? "#" + id : name;
    }

    private static void merge(final Map<String, Series> into, final String symbol, final Builder builder)
    {
        final Series existing = into.get(symbol);
        into.put(symbol, null == existing ? builder.build() : existing.concat(builder.build()));
    }

    /**
     * @return journal excerpts that ended inside a tick (loaded up to the last whole tick of each).
     */
    public long corruptExcerpts()
    {
        return corruptExcerpts;
    }

    /**
     * @return trades loaded, all symbols.
     */
    public long tradeCount()
    {
        long count = 0;
        for (final Series s : trades.values())
        {
            count += s.count;
        }
        return count;
    }

    @Override
    public List<String> symbols()
    {
        return symbols;
    }

    @Override
    public int priceExponent(final String symbol)
    {
        return exponents.getOrDefault(symbol, 0);
    }

    @Override
    public void scanTrades(final String symbol, final long fromNs, final long toNs, final TradeBlockHandler handler)
    {
        final TradeBlock whole = new TradeBlock(0);
        final TradeBlock[] partial = new TradeBlock[1];
        walk(trades.get(symbol), fromNs, toNs, (series, chunk, offset, length, all) ->
        {
            final long[][] cols = series.chunks.get(chunk);
            final TradeBlock block;
            if (all)
            {
                block = whole;
                block.ts = cols[0];
                block.globalSeq = cols[1];
                block.priceMantissa = cols[2];
                block.size = cols[3];
                block.side = series.bytes.get(chunk);
            }
            else
            {
                if (null == partial[0])
                {
                    partial[0] = new TradeBlock(CHUNK_ROWS);
                }
                block = partial[0];
                System.arraycopy(cols[0], offset, block.ts, 0, length);
                System.arraycopy(cols[1], offset, block.globalSeq, 0, length);
                System.arraycopy(cols[2], offset, block.priceMantissa, 0, length);
                System.arraycopy(cols[3], offset, block.size, 0, length);
                System.arraycopy(series.bytes.get(chunk), offset, block.side, 0, length);
            }
            block.count = length;
            handler.onTrades(block);
        });
    }

    @Override
    public void scanQuotes(final String symbol, final long fromNs, final long toNs, final QuoteBlockHandler handler)
    {
        final QuoteBlock whole = new QuoteBlock(0);
        final QuoteBlock[] partial = new QuoteBlock[1];
        walk(quotes.get(symbol), fromNs, toNs, (series, chunk, offset, length, all) ->
        {
            final long[][] cols = series.chunks.get(chunk);
            final QuoteBlock block;
            if (all)
            {
                block = whole;
                block.ts = cols[0];
                block.globalSeq = cols[1];
                block.bidPriceMantissa = cols[2];
                block.bidSize = cols[3];
                block.askPriceMantissa = cols[4];
                block.askSize = cols[5];
            }
            else
            {
                if (null == partial[0])
                {
                    partial[0] = new QuoteBlock(CHUNK_ROWS);
                }
                block = partial[0];
                System.arraycopy(cols[0], offset, block.ts, 0, length);
                System.arraycopy(cols[1], offset, block.globalSeq, 0, length);
                System.arraycopy(cols[2], offset, block.bidPriceMantissa, 0, length);
                System.arraycopy(cols[3], offset, block.bidSize, 0, length);
                System.arraycopy(cols[4], offset, block.askPriceMantissa, 0, length);
                System.arraycopy(cols[5], offset, block.askSize, 0, length);
            }
            block.count = length;
            handler.onQuotes(block);
        });
    }

    /**
     * Visit the rows of {@code [fromNs, toNs)} chunk by chunk: a whole chunk is handed out as its own arrays, a part of
     * one (at either end of the range) is copied by the visitor.
     */
    private static void walk(final Series series, final long fromNs, final long toNs, final SliceVisitor visitor)
    {
        if (null == series || fromNs >= toNs)
        {
            return;
        }
        final int end = series.lowerBound(toNs);
        for (int row = series.lowerBound(fromNs); row < end; )
        {
            final int chunk = row / CHUNK_ROWS;
            final int offset = row - chunk * CHUNK_ROWS;
            final int length = Math.min(end - row, series.chunkLength(chunk) - offset);
            visitor.onSlice(series, chunk, offset, length, offset == 0 && length == series.chunkLength(chunk));
            row += length;
        }
    }

    @FunctionalInterface
    private interface SliceVisitor
    {
        void onSlice(Series series, int chunk, int offset, int length, boolean wholeChunk);
    }

    @Override
    public long visibleGlobalSeq()
    {
        return visibleGlobalSeq;
    }

    @Override
    public void close()
    {
    }

    /** Growable columns of one instrument while loading: ts, seq, then values; trades also keep the side. */
    private static final class Builder
    {
        private final long[][] cols;
        private byte[] side;
        private int count;

        Builder(final int values, final boolean withSide)
        {
            cols = new long[2 + values][1024];
            side = withSide ? new byte[1024] : null;
        }

        private void grow()
        {
            if (count == cols[0].length)
            {
                for (int c = 0; c < cols.length; c++)
                {
                    cols[c] = Arrays.copyOf(cols[c], count * 2);
                }
                if (null != side)
                {
                    side = Arrays.copyOf(side, count * 2);
                }
            }
        }

        void addTrade(final Tick tick)
        {
            grow();
            cols[0][count] = tick.exchangeTimeNs;
            cols[1][count] = tick.globalSeq;
            cols[2][count] = tick.priceMantissa;
            cols[3][count] = tick.size;
            side[count] = tick.aggressorSide;
            count++;
        }

        void addQuote(final Tick tick)
        {
            grow();
            cols[0][count] = tick.exchangeTimeNs;
            cols[1][count] = tick.globalSeq;
            cols[2][count] = tick.bidPriceMantissa;
            cols[3][count] = tick.bidSize;
            cols[4][count] = tick.askPriceMantissa;
            cols[5][count] = tick.askSize;
            count++;
        }

        Series build()
        {
            return Series.of(cols, side, count);
        }
    }

    /** One symbol's rows in (ts, seq) order, in chunks. */
    private static final class Series
    {
        final List<long[][]> chunks = new ArrayList<>();
        final List<byte[]> bytes = new ArrayList<>();
        final long[] firstTs;
        final int count;

        private Series(final long[][] cols, final byte[] side, final int count)
        {
            this.count = count;
            final int chunkCount = (count + CHUNK_ROWS - 1) / CHUNK_ROWS;
            firstTs = new long[chunkCount];
            for (int c = 0; c < chunkCount; c++)
            {
                final int from = c * CHUNK_ROWS;
                final int to = Math.min(count, from + CHUNK_ROWS);
                final long[][] chunk = new long[cols.length][];
                for (int k = 0; k < cols.length; k++)
                {
                    chunk[k] = Arrays.copyOfRange(cols[k], from, to);
                }
                chunks.add(chunk);
                bytes.add(null == side ? null : Arrays.copyOfRange(side, from, to));
                firstTs[c] = cols[0][from];
            }
        }

        static Series of(final long[][] cols, final byte[] side, final int count)
        {
            boolean sorted = true;
            final long[] ts = cols[0];
            final long[] seq = cols[1];
            for (int i = 1; i < count && sorted; i++)
            {
                sorted = ts[i - 1] < ts[i] || (ts[i - 1] == ts[i] && seq[i - 1] <= seq[i]);
            }
            if (sorted)
            {
                return new Series(cols, side, count);
            }
            // Exchange times can step back across feeds; scans promise (ts, globalSeq) order.
            final Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++)
            {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : Long.compare(seq[a], seq[b]));
            final long[][] sortedCols = new long[cols.length][count];
            final byte[] sortedSide = null == side ? null : new byte[count];
            for (int i = 0; i < count; i++)
            {
                final int from = order[i];
                for (int k = 0; k < cols.length; k++)
                {
                    sortedCols[k][i] = cols[k][from];
                }
                if (null != side)
                {
                    sortedSide[i] = side[from];
                }
            }
            return new Series(sortedCols, sortedSide, count);
        }

        Series concat(final Series other)
        {
            final int total = count + other.count;
            final int width = chunks.get(0).length;
            final long[][] cols = new long[width][total];
            final boolean withSide = null != bytes.get(0);
            final byte[] side = withSide ? new byte[total] : null;
            int at = 0;
            for (final Series s : List.of(this, other))
            {
                for (int c = 0; c < s.chunks.size(); c++)
                {
                    final long[][] chunk = s.chunks.get(c);
                    for (int k = 0; k < width; k++)
                    {
                        System.arraycopy(chunk[k], 0, cols[k], at, chunk[0].length);
                    }
                    if (withSide)
                    {
                        System.arraycopy(s.bytes.get(c), 0, side, at, chunk[0].length);
                    }
                    at += chunk[0].length;
                }
            }
            return of(cols, side, total);
        }

        int chunkLength(final int chunk)
        {
            return chunks.get(chunk)[0].length;
        }

        /** First row with ts &gt;= t. */
        int lowerBound(final long t)
        {
            int lo = 0;
            int hi = count;
            while (lo < hi)
            {
                final int mid = (lo + hi) >>> 1;
                if (chunks.get(mid / CHUNK_ROWS)[0][mid % CHUNK_ROWS] < t)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
