package io.ticktape.protocol.tick;

import java.nio.charset.StandardCharsets;

/**
 * A normalized tick: what every feed handler decodes into and what every ring consumer reads.
 * <p>
 * One instance per ring slot, reused forever: fields are primitives and the symbol is a fixed byte array, so
 * copying a tick allocates nothing. Prices are fixed-point mantissas ({@code price = mantissa * 10^exponent});
 * they may be negative (calendar spreads). Timestamps ending in {@code Ns} from the exchange are epoch nanoseconds;
 * {@link #receiveNs} and {@link #sequencedNs} are {@link System#nanoTime()} readings on this host.
 */
public final class Tick
{
    /** Longest symbol kept, in ASCII bytes. */
    public static final int SYMBOL_CAPACITY = 16;

    /** One of {@link TickType}. */
    public int type;
    /** Dense global sequence assigned by the sequencer (1, 2, 3, ...). */
    public long globalSeq;
    /** Channel the frame arrived on. */
    public int channelId;
    /** Frame sequence number on its channel. */
    public long lineSeq;
    /** When the frame was received (nanoTime). */
    public long receiveNs;
    /** When the sequencer ordered the tick (nanoTime). */
    public long sequencedNs;

    /** Instrument the tick is about. */
    public int instrumentId;
    /** Exchange timestamp, epoch ns. */
    public long exchangeTimeNs;

    /** Trade price mantissa. */
    public long priceMantissa;
    /** Trade size. */
    public long size;
    /** Aggressor side code, see {@code io.ticktape.protocol.sbe.Side}. */
    public byte aggressorSide;
    /** Exchange trade id. */
    public long tradeId;

    /** Best bid price mantissa. */
    public long bidPriceMantissa;
    /** Best bid size. */
    public long bidSize;
    /** Best ask price mantissa. */
    public long askPriceMantissa;
    /** Best ask size. */
    public long askSize;

    /** Gap: last missing line sequence number (the first is {@link #lineSeq}). */
    public long gapToLineSeq;
    /** Gap: when it was declared; channel status: how long the channel had been silent. */
    public long eventNs;
    /** Channel status: true when the channel went silent, false when it came back. */
    public boolean channelStale;

    /** Instrument definition: price exponent. */
    public int priceExponent;
    /** Instrument definition: tick size mantissa. */
    public long tickSizeMantissa;
    /** Instrument definition: symbol bytes (ASCII), {@link #symbolLength} of them are valid. */
    public final byte[] symbol = new byte[SYMBOL_CAPACITY];
    /** Number of valid bytes in {@link #symbol}. */
    public int symbolLength;

    /**
     * Copy every field of another tick into this one, allocation free.
     *
     * @param src to copy from.
     * @return this.
     */
    public Tick copyFrom(final Tick src)
    {
        type = src.type;
        globalSeq = src.globalSeq;
        channelId = src.channelId;
        lineSeq = src.lineSeq;
        receiveNs = src.receiveNs;
        sequencedNs = src.sequencedNs;
        instrumentId = src.instrumentId;
        exchangeTimeNs = src.exchangeTimeNs;
        priceMantissa = src.priceMantissa;
        size = src.size;
        aggressorSide = src.aggressorSide;
        tradeId = src.tradeId;
        bidPriceMantissa = src.bidPriceMantissa;
        bidSize = src.bidSize;
        askPriceMantissa = src.askPriceMantissa;
        askSize = src.askSize;
        gapToLineSeq = src.gapToLineSeq;
        eventNs = src.eventNs;
        channelStale = src.channelStale;
        priceExponent = src.priceExponent;
        tickSizeMantissa = src.tickSizeMantissa;
        symbolLength = src.symbolLength;
        System.arraycopy(src.symbol, 0, symbol, 0, SYMBOL_CAPACITY);
        return this;
    }

    /**
     * Set the symbol from a string (control path: instrument set-up, tests).
     *
     * @param value ASCII symbol, truncated to {@link #SYMBOL_CAPACITY}.
     * @return this.
     */
    public Tick symbol(final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        symbolLength = Math.min(bytes.length, SYMBOL_CAPACITY);
        java.util.Arrays.fill(symbol, (byte)0);
        System.arraycopy(bytes, 0, symbol, 0, symbolLength);
        return this;
    }

    /**
     * The symbol as a string; allocates, so for control paths only.
     *
     * @return the symbol.
     */
    public String symbolAsString()
    {
        return new String(symbol, 0, symbolLength, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString()
    {
        return "Tick{" + TickType.name(type) + " seq=" + globalSeq + " ch=" + channelId + " line=" + lineSeq +
            " instrument=" + instrumentId + " ts=" + exchangeTimeNs +
            (type == TickType.TRADE ? " px=" + priceMantissa + " sz=" + size : "") +
            (type == TickType.QUOTE ? " bid=" + bidPriceMantissa + "x" + bidSize + " ask=" + askPriceMantissa + "x" +
                askSize : "") +
            (type == TickType.INSTRUMENT ? " symbol=" + symbolAsString() + " exp=" + priceExponent : "") +
            (type == TickType.GAP ? " missing=" + lineSeq + ".." + gapToLineSeq : "") +
            (type == TickType.CHANNEL_STATUS ? (channelStale ? " stale" : " active") : "") + "}";
    }
}
