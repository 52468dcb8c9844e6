package io.ticktape.store.history;

import java.util.List;

/**
 * Read side of the columnar history tier: what TSQL queries scan. Implementations hand out decoded column blocks
 * in time order so a query loops over primitive arrays, whatever the encoding on disk.
 * <p>
 * Times are epoch nanoseconds (exchange time of the tick). Prices are fixed-point mantissas with the symbol's
 * {@link #priceExponent(String) exponent}; they can be negative. A block and its arrays are reused after the
 * handler returns: copy what must outlive the call.
 */
public interface HistoryView extends AutoCloseable
{
    /**
     * @return symbols that have any trade or quote, sorted.
     */
    List<String> symbols();

    /**
     * @param symbol a symbol from {@link #symbols()}.
     * @return the decimal exponent of the symbol's prices (price = mantissa * 10^exponent).
     */
    int priceExponent(String symbol);

    /**
     * Deliver the symbol's trades with {@code fromNs <= ts < toNs}, in (ts, globalSeq) order, a block at a time.
     *
     * @param symbol  the symbol; unknown symbols deliver nothing.
     * @param fromNs  inclusive lower bound.
     * @param toNs    exclusive upper bound.
     * @param handler receives each non-empty block.
     */
    void scanTrades(String symbol, long fromNs, long toNs, TradeBlockHandler handler);

    /**
     * Deliver the symbol's quotes (top of book after each update) with {@code fromNs <= ts < toNs}, in order.
     *
     * @param symbol  the symbol; unknown symbols deliver nothing.
     * @param fromNs  inclusive lower bound.
     * @param toNs    exclusive upper bound.
     * @param handler receives each non-empty block.
     */
    void scanQuotes(String symbol, long fromNs, long toNs, QuoteBlockHandler handler);

    /**
     * @return the highest global sequence number visible to scans (0 when empty): a query's freshness.
     */
    long visibleGlobalSeq();

    @Override
    void close();

    /**
     * Receives trade blocks.
     */
    @FunctionalInterface
    interface TradeBlockHandler
    {
        /**
         * @param block decoded trades; valid only during the call.
         */
        void onTrades(TradeBlock block);
    }

    /**
     * Receives quote blocks.
     */
    @FunctionalInterface
    interface QuoteBlockHandler
    {
        /**
         * @param block decoded quotes; valid only during the call.
         */
        void onQuotes(QuoteBlock block);
    }

    /**
     * Columns of consecutive trades of one symbol; rows {@code [0, count)} are valid.
     */
    final class TradeBlock
    {
        public int count;
        public long[] ts;
        public long[] globalSeq;
        public long[] priceMantissa;
        public long[] size;
        /** Aggressor side as on the wire (Side enum): 0 none, 1 buy, 2 sell. */
        public byte[] side;

        /**
         * @param capacity rows the arrays hold.
         */
        public TradeBlock(final int capacity)
        {
            ts = new long[capacity];
            globalSeq = new long[capacity];
            priceMantissa = new long[capacity];
            size = new long[capacity];
            side = new byte[capacity];
        }
    }

    /**
     * Columns of consecutive top-of-book updates of one symbol; rows {@code [0, count)} are valid.
     */
    final class QuoteBlock
    {
        public int count;
        public long[] ts;
        public long[] globalSeq;
        public long[] bidPriceMantissa;
        public long[] bidSize;
        public long[] askPriceMantissa;
        public long[] askSize;

        /**
         * @param capacity rows the arrays hold.
         */
        public QuoteBlock(final int capacity)
        {
            ts = new long[capacity];
            globalSeq = new long[capacity];
            bidPriceMantissa = new long[capacity];
            bidSize = new long[capacity];
            askPriceMantissa = new long[capacity];
            askSize = new long[capacity];
        }
    }
}
