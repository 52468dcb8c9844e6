package io.ticktape.store.tsql;

import io.ticktape.store.history.HistoryView;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Turns one symbol's scan of the {@link HistoryView} into {@link Batch}es of the query's table: trades and quotes
 * hand over the view's arrays as they are; bars are built from trades; an as-of join pairs each trade with the
 * last quote at or before it.
 */
abstract class Source
{
    final HistoryView view;
    final Schema schema;

    Source(final HistoryView view, final Schema schema)
    {
        this.view = view;
        this.schema = schema;
    }

    static Source of(final HistoryView view, final Schema schema, final boolean[] usedLong)
    {
        switch (schema.kind)
        {
            case TRADES:
                return new Trades(view, schema, usedLong[4]);
            case QUOTES:
                return new Quotes(view, schema);
            case BARS:
                return new Bars(view, schema);
            default:
                return new AsOf(view, schema);
        }
    }

    /**
     * Scan one symbol.
     *
     * @param symbol   to scan.
     * @param exponent its price exponent.
     * @param fromNs   inclusive lower time bound of the table's rows.
     * @param toNs     exclusive upper bound.
     * @param sink     receives batches; they are reused after it returns.
     */
    abstract void scan(String symbol, int exponent, long fromNs, long toNs, Consumer<Batch> sink);

    /** Trades: ts, seq, price, size, side. */
    static final class Trades extends Source
    {
        private final boolean needSide;
        private final Batch batch;
        private long[] side = new long[0];

        Trades(final HistoryView view, final Schema schema, final boolean needSide)
        {
            super(view, schema);
            this.needSide = needSide;
            batch = new Batch(schema.longColumns, schema.doubleColumns);
        }

        @Override
        void scan(final String symbol, final int exponent, final long fromNs, final long toNs,
            final Consumer<Batch> sink)
        {
            view.scanTrades(symbol, fromNs, toNs, block ->
            {
                batch.n = block.count;
                batch.longs[0] = block.ts;
                batch.longs[1] = block.globalSeq;
                batch.longs[2] = block.priceMantissa;
                batch.longs[3] = block.size;
                if (needSide)
                {
                    if (side.length < block.count)
                    {
                        side = new long[block.count];
                    }
                    for (int i = 0; i < block.count; i++)
                    {
                        side[i] = block.side[i];
                    }
                    batch.longs[4] = side;
                }
                sink.accept(batch);
            });
        }
    }

    /** Quotes: ts, seq, bid, bid_size, ask, ask_size. */
    static final class Quotes extends Source
    {
        private final Batch batch;

        Quotes(final HistoryView view, final Schema schema)
        {
            super(view, schema);
            batch = new Batch(schema.longColumns, schema.doubleColumns);
        }

        @Override
        void scan(final String symbol, final int exponent, final long fromNs, final long toNs,
            final Consumer<Batch> sink)
        {
            view.scanQuotes(symbol, fromNs, toNs, block ->
            {
                batch.n = block.count;
                batch.longs[0] = block.ts;
                batch.longs[1] = block.globalSeq;
                batch.longs[2] = block.bidPriceMantissa;
                batch.longs[3] = block.bidSize;
                batch.longs[4] = block.askPriceMantissa;
                batch.longs[5] = block.askSize;
                sink.accept(batch);
            });
        }
    }

    /**
     * Calendar-aligned OHLCV bars from trades: ts (open time), seq (last trade's), open, high, low, close, volume,
     * count; vwap in price units. The trade scan covers whole bars around the requested range.
     */
    static final class Bars extends Source
    {
        private final Batch batch;
        private int n;
        private long[] ts = new long[64];
        private long[] seq = new long[64];
        private long[] open = new long[64];
        private long[] high = new long[64];
        private long[] low = new long[64];
        private long[] close = new long[64];
        private long[] volume = new long[64];
        private long[] count = new long[64];
        private double[] notional = new double[64];
        private double[] vwap = new double[64];

        Bars(final HistoryView view, final Schema schema)
        {
            super(view, schema);
            batch = new Batch(schema.longColumns, schema.doubleColumns);
        }

        @Override
        void scan(final String symbol, final int exponent, final long fromNs, final long toNs,
            final Consumer<Batch> sink)
        {
            final long interval = schema.barIntervalNs;
            final long from = fromNs == Long.MIN_VALUE ? fromNs : Math.floorDiv(fromNs, interval) * interval;
            final long to = toNs == Long.MAX_VALUE || toNs > Long.MAX_VALUE - interval ? Long.MAX_VALUE :
                Math.floorDiv(toNs + interval - 1, interval) * interval;
            n = 0;
            view.scanTrades(symbol, from, to, block ->
            {
                for (int i = 0; i < block.count; i++)
                {
                    final long t = block.ts[i];
                    final long bucket = Math.floorDiv(t, interval) * interval;
                    final long price = block.priceMantissa[i];
                    final long size = block.size[i];
                    if (n == 0 || ts[n - 1] != bucket)
                    {
                        if (n == ts.length)
                        {
                            grow();
                        }
                        ts[n] = bucket;
                        open[n] = price;
                        high[n] = price;
                        low[n] = price;
                        volume[n] = 0;
                        count[n] = 0;
                        notional[n] = 0;
                        n++;
                    }
                    final int b = n - 1;
                    high[b] = Math.max(high[b], price);
                    low[b] = Math.min(low[b], price);
                    close[b] = price;
                    seq[b] = block.globalSeq[i];
                    volume[b] += size;
                    count[b]++;
                    notional[b] += (double)price * size;
                }
            });
            final double scale = Decimals.pow10Double(exponent);
            for (int i = 0; i < n; i++)
            {
                vwap[i] = volume[i] == 0 ? Double.NaN : notional[i] / volume[i] * scale;
            }
            if (n == 0)
            {
                return;
            }
            batch.n = n;
            batch.longs[0] = ts;
            batch.longs[1] = seq;
            batch.longs[2] = open;
            batch.longs[3] = high;
            batch.longs[4] = low;
            batch.longs[5] = close;
            batch.longs[6] = volume;
            batch.longs[7] = count;
            batch.doubles[0] = vwap;
            sink.accept(batch);
        }

        private void grow()
        {
            final int capacity = ts.length * 2;
            ts = Arrays.copyOf(ts, capacity);
            seq = Arrays.copyOf(seq, capacity);
            open = Arrays.copyOf(open, capacity);
            high = Arrays.copyOf(high, capacity);
            low = Arrays.copyOf(low, capacity);
            close = Arrays.copyOf(close, capacity);
            volume = Arrays.copyOf(volume, capacity);
            count = Arrays.copyOf(count, capacity);
            notional = Arrays.copyOf(notional, capacity);
            vwap = Arrays.copyOf(vwap, capacity);
        }
    }

    /**
     * trades ASOF JOIN quotes ON symbol: each trade with the last quote whose ts is at or before the trade's
     * (inner join: trades before the symbol's first quote are left out). Columns 0-4 the trade's, 5-10 the quote's.
     */
    static final class AsOf extends Source
    {
        private final Batch batch;
        private int quoteCount;
        private long[][] quotes = new long[6][64];
        private long[][] joined = new long[11][0];

        AsOf(final HistoryView view, final Schema schema)
        {
            super(view, schema);
            batch = new Batch(schema.longColumns, schema.doubleColumns);
        }

        @Override
        void scan(final String symbol, final int exponent, final long fromNs, final long toNs,
            final Consumer<Batch> sink)
        {
            quoteCount = 0;
            // The prevailing quote of the first trade may be older than the range: quotes load from the start.
            view.scanQuotes(symbol, Long.MIN_VALUE, toNs, block ->
            {
                if (quoteCount + block.count > quotes[0].length)
                {
                    final int capacity = Math.max(quoteCount + block.count, quotes[0].length * 2);
                    for (int c = 0; c < 6; c++)
                    {
                        quotes[c] = Arrays.copyOf(quotes[c], capacity);
                    }
                }
                System.arraycopy(block.ts, 0, quotes[0], quoteCount, block.count);
                System.arraycopy(block.globalSeq, 0, quotes[1], quoteCount, block.count);
                System.arraycopy(block.bidPriceMantissa, 0, quotes[2], quoteCount, block.count);
                System.arraycopy(block.bidSize, 0, quotes[3], quoteCount, block.count);
                System.arraycopy(block.askPriceMantissa, 0, quotes[4], quoteCount, block.count);
                System.arraycopy(block.askSize, 0, quotes[5], quoteCount, block.count);
                quoteCount += block.count;
            });
            if (quoteCount == 0)
            {
                return;
            }
            final int[] next = { 0 };
            view.scanTrades(symbol, fromNs, toNs, block ->
            {
                if (joined[0].length < block.count)
                {
                    for (int c = 0; c < 11; c++)
                    {
                        joined[c] = new long[block.count];
                    }
                }
                final long[] qts = quotes[0];
                int q = next[0];
                int out = 0;
                for (int i = 0; i < block.count; i++)
                {
                    final long t = block.ts[i];
                    while (q < quoteCount && qts[q] <= t)
                    {
                        q++;
                    }
                    if (q == 0)
                    {
                        continue;
                    }
                    final int p = q - 1;
                    joined[0][out] = t;
                    joined[1][out] = block.globalSeq[i];
                    joined[2][out] = block.priceMantissa[i];
                    joined[3][out] = block.size[i];
                    joined[4][out] = block.side[i];
                    for (int c = 0; c < 6; c++)
                    {
                        joined[5 + c][out] = quotes[c][p];
                    }
                    out++;
                }
                next[0] = q;
                if (out > 0)
                {
                    batch.n = out;
                    System.arraycopy(joined, 0, batch.longs, 0, 11);
                    sink.accept(batch);
                }
            });
        }
    }
}
