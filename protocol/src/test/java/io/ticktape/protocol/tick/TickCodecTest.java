package io.ticktape.protocol.tick;

import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.QuoteTickDecoder;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TickCodec against the original ticks (round trip) and against hand-written bytes (little-endian layout read with
 * {@link ByteBuffer}, headers written byte by byte).
 */
class TickCodecTest
{
    private static final int HEADER = 8;
    private static final int TRADE_TICK_BLOCK = 79;
    private static final int QUOTE_TICK_BLOCK = 86;
    private static final int INSTRUMENT_TICK_BLOCK = 71;
    private static final int TIMER_TICK_BLOCK = 50;

    private final TickCodec codec = new TickCodec();

    @Test
    void shouldRoundTripTradeWhenPriceIsNegative()
    {
        final Tick trade = trade(-1_234_500L, 7);
        final Tick decoded = roundTrip(trade, 99L);

        assertSameTick(decoded, trade);
        assertThat(decoded.priceMantissa).isEqualTo(-1_234_500L);
    }

    @ParameterizedTest
    @ValueSource(longs = { Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE })
    void shouldRoundTripExtremePricesWhenTradeOrQuote(final long price)
    {
        final Tick trade = trade(price, 1);
        assertSameTick(roundTrip(trade, 1), trade);

        final Tick quote = quote(price, Long.MAX_VALUE, -price, 0);
        assertSameTick(roundTrip(quote, 1), quote);
    }

    @Test
    void shouldRoundTripQuoteWhenBothSidesNegative()
    {
        final Tick quote = quote(-250, 10, -225, 30);
        assertSameTick(roundTrip(quote, 5), quote);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "A", "ESZ6", "ESZ6-ESH7", "BRK.B", "0123456789ABCDEF", "SPACE INSIDE" })
    void shouldRoundTripInstrumentWhenSymbolHasUpToSixteenChars(final String symbol)
    {
        final Tick instrument = instrument(42, -4, 25, symbol);
        final Tick decoded = roundTrip(instrument, 3);

        assertSameTick(decoded, instrument);
        assertThat(decoded.symbolAsString()).isEqualTo(symbol);
        assertThat(decoded.symbolLength).isEqualTo(symbol.length());
    }

    @Test
    void shouldKeepOnlySixteenCharsWhenSymbolIsLonger()
    {
        final Tick instrument = instrument(1, -2, 1, "0123456789ABCDEFGHIJ");
        final Tick decoded = roundTrip(instrument, 3);

        assertThat(decoded.symbolAsString()).isEqualTo("0123456789ABCDEF");
    }

    @Test
    void shouldRoundTripUnsignedFieldsWhenTopBitSet()
    {
        final Tick trade = trade(100, 1);
        trade.instrumentId = -1;           // uint32 0xFFFFFFFF
        trade.channelId = 0xFFFF;          // uint16 max
        trade.lineSeq = -1L;               // uint64 max
        trade.tradeId = Long.MIN_VALUE;    // uint64 2^63
        assertSameTick(roundTrip(trade, 0), trade);
    }

    @Test
    void shouldWriteLittleEndianHeaderAndEnvelopeWhenEncodingTrade()
    {
        final Tick trade = trade(-5, 3);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = codec.encode(trade, 123_456_789L, buffer, 10);

        assertThat(length).isEqualTo(HEADER + TRADE_TICK_BLOCK);
        final ByteBuffer bytes = ByteBuffer.wrap(buffer.byteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getShort(10) & 0xFFFF).isEqualTo(TRADE_TICK_BLOCK);
        assertThat(bytes.getShort(12) & 0xFFFF).isEqualTo(12);
        assertThat(bytes.getShort(14) & 0xFFFF).isEqualTo(7001);
        // Envelope: globalSeq int64, channelId uint16, lineSeq uint64, receiveNs, sequencedNs, emittedNs.
        assertThat(bytes.getLong(18)).isEqualTo(trade.globalSeq);
        assertThat(bytes.getShort(26) & 0xFFFF).isEqualTo(trade.channelId);
        assertThat(bytes.getLong(28)).isEqualTo(trade.lineSeq);
        assertThat(bytes.getLong(36)).isEqualTo(trade.receiveNs);
        assertThat(bytes.getLong(44)).isEqualTo(trade.sequencedNs);
        assertThat(bytes.getLong(52)).isEqualTo(123_456_789L);
        assertThat(codec.globalSeq(buffer, 10)).isEqualTo(trade.globalSeq);
    }

    @Test
    void shouldRoundTripTimerWithLastSequenceAndEstimatedTime()
    {
        final Tick timer = new Tick();
        timer.type = TickType.TIMER;
        timer.globalSeq = 41;
        timer.exchangeTimeNs = 1_700_000_000_123_456_789L;
        timer.receiveNs = 77;
        timer.sequencedNs = 77;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH]);
        final int length = codec.encode(timer, 99, buffer, 0);
        assertThat(length).isEqualTo(HEADER + TIMER_TICK_BLOCK);
        assertThat(buffer.getShort(2, ByteOrder.LITTLE_ENDIAN)).isEqualTo((short)16);
        assertThat(TickCodec.isTimer(buffer, 0)).isTrue();
        assertThat(codec.globalSeq(buffer, 0)).isEqualTo(41);

        final Tick decoded = new Tick();
        decoded.instrumentId = 5;
        assertThat(codec.decode(buffer, 0, length, decoded)).isEqualTo(length);
        assertThat(decoded.type).isEqualTo(TickType.TIMER);
        assertThat(decoded.globalSeq).isEqualTo(41);
        assertThat(decoded.exchangeTimeNs).isEqualTo(timer.exchangeTimeNs);
        assertThat(decoded.instrumentId).isZero();
        assertThat(decoded.receiveNs).isEqualTo(77);
        assertThat(codec.decode(buffer, 0, length - 1, new Tick())).isEqualTo(TickCodec.NOT_A_TICK);
        assertThat(TickCodec.isTimer(encoded(trade(1, 1)), 0)).isFalse();
    }

    @Test
    void shouldReturnZeroWhenTickHasNoType()
    {
        final Tick none = new Tick();
        none.type = TickType.NONE;
        assertThat(codec.encode(none, 0, new UnsafeBuffer(new byte[256]), 0)).isZero();
    }

    @Test
    void shouldDecodeConsecutiveMessagesWhenPackedInOneBuffer()
    {
        final List<Tick> ticks = List.of(
            instrument(1, -2, 1, "AAPL"), trade(-17, 4), quote(10, 1, 12, 2), trade(Long.MAX_VALUE, 1));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4 * TickCodec.MAX_ENCODED_LENGTH]);
        int length = 0;
        for (final Tick tick : ticks)
        {
            length += codec.encode(tick, 0, buffer, length);
        }
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[length]);
        exact.putBytes(0, buffer, 0, length);

        final List<Tick> decoded = new ArrayList<>();
        int position = 0;
        while (position < length)
        {
            final Tick tick = new Tick();
            final int consumed = codec.decode(exact, position, length - position, tick);
            assertThat(consumed).isPositive();
            decoded.add(tick);
            position += consumed;
        }

        assertThat(position).isEqualTo(length);
        assertThat(decoded).hasSize(ticks.size());
        for (int i = 0; i < ticks.size(); i++)
        {
            assertSameTick(decoded.get(i), ticks.get(i));
        }
    }

    @Test
    void shouldReturnNotATickWhenBufferShorterThanMessage()
    {
        final Tick[] ticks = { trade(1, 1), quote(1, 1, 2, 1), instrument(1, -2, 1, "X") };
        for (final Tick tick : ticks)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH]);
            final int length = codec.encode(tick, 0, buffer, 0);
            for (int prefix = 0; prefix < length; prefix++)
            {
                final UnsafeBuffer truncated = new UnsafeBuffer(new byte[prefix]);
                truncated.putBytes(0, buffer, 0, prefix);
                assertThat(codec.decode(truncated, 0, prefix, new Tick()))
                    .as("type %d prefix %d", tick.type, prefix)
                    .isEqualTo(TickCodec.NOT_A_TICK);
            }
            assertThat(codec.decode(buffer, 0, length, new Tick())).isEqualTo(length);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 7000, 7002, 0xFFFF })
    void shouldReturnNotATickWhenSchemaIdIsForeign(final int schemaId)
    {
        final UnsafeBuffer buffer = encoded(trade(1, 1));
        buffer.putShort(4, (short)schemaId, ByteOrder.LITTLE_ENDIAN);
        assertThat(codec.decode(buffer, 0, buffer.capacity(), new Tick())).isEqualTo(TickCodec.NOT_A_TICK);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2, 3, 4, 17, 21, 22, 23, 0xFFFF })
    void shouldReturnNotATickWhenTemplateIsNotATick(final int templateId)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[HEADER + 200]);
        writeHeader(buffer, 0, 100, templateId, 7001, 1);
        assertThat(codec.decode(buffer, 0, buffer.capacity(), new Tick())).isEqualTo(TickCodec.NOT_A_TICK);
    }

    @ParameterizedTest
    @ValueSource(ints = { 11, 12, 13 })
    void shouldReturnNotATickWhenBlockLengthShorterThanTemplate(final int templateId)
    {
        final int block = templateId == 11 ? INSTRUMENT_TICK_BLOCK : templateId == 12 ? TRADE_TICK_BLOCK : QUOTE_TICK_BLOCK;
        for (final int declared : new int[] { 0, 1, block / 2, block - 1 })
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[HEADER + 200]);
            writeHeader(buffer, 0, declared, templateId, 7001, 1);
            assertThat(codec.decode(buffer, 0, buffer.capacity(), new Tick()))
                .as("template %d block %d", templateId, declared)
                .isEqualTo(TickCodec.NOT_A_TICK);
        }
    }

    @Test
    void shouldSkipExtraBytesWhenBlockLengthLongerThanTemplate()
    {
        // A newer schema version appends fields: the decoder reads its own and consumes the declared block.
        final Tick trade = trade(-99, 5);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[HEADER + TRADE_TICK_BLOCK + 16]);
        codec.encode(trade, 0, buffer, 0);
        writeHeader(buffer, 0, TRADE_TICK_BLOCK + 16, 12, 7001, 2);

        final Tick decoded = new Tick();
        assertThat(codec.decode(buffer, 0, buffer.capacity(), decoded)).isEqualTo(HEADER + TRADE_TICK_BLOCK + 16);
        assertSameTick(decoded, trade);
        assertThat(codec.decode(buffer, 0, buffer.capacity() - 1, new Tick())).isEqualTo(TickCodec.NOT_A_TICK);
    }

    @Property(tries = 500)
    void shouldRoundTripEveryTickWhenFieldsAreArbitrary(@ForAll("ticks") final Tick tick, @ForAll final long emittedNs)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH + 3]);
        final int length = codec.encode(tick, emittedNs, buffer, 3);
        final int expectedBlock = tick.type == TickType.TRADE ? TRADE_TICK_BLOCK :
            tick.type == TickType.QUOTE ? QUOTE_TICK_BLOCK : INSTRUMENT_TICK_BLOCK;
        assertThat(length).isEqualTo(HEADER + expectedBlock);

        final Tick decoded = new Tick();
        assertThat(codec.decode(buffer, 3, length, decoded)).isEqualTo(length);
        assertSameTick(decoded, tick);
        assertThat(codec.globalSeq(buffer, 3)).isEqualTo(tick.globalSeq);

        // The emitted timestamp is not a Tick field: read it with the generated decoders.
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 3);
        final long emitted;
        switch (header.templateId())
        {
            case TradeTickDecoder.TEMPLATE_ID:
                emitted = new TradeTickDecoder().wrapAndApplyHeader(buffer, 3, header).envelope().emittedNs();
                break;
            case QuoteTickDecoder.TEMPLATE_ID:
                emitted = new QuoteTickDecoder().wrapAndApplyHeader(buffer, 3, header).envelope().emittedNs();
                break;
            default:
                emitted = new InstrumentTickDecoder().wrapAndApplyHeader(buffer, 3, header).envelope().emittedNs();
                break;
        }
        assertThat(emitted).isEqualTo(emittedNs);
    }

    @Provide
    Arbitrary<Tick> ticks()
    {
        final Arbitrary<Long> anyLong = Arbitraries.longs();
        final Arbitrary<Tick> envelope = Combinators.combine(
            anyLong, Arbitraries.integers().between(0, 0xFFFF), anyLong, anyLong, anyLong, Arbitraries.integers())
            .as((globalSeq, channelId, lineSeq, receiveNs, sequencedNs, instrumentId) ->
            {
                final Tick tick = new Tick();
                tick.globalSeq = globalSeq;
                tick.channelId = channelId;
                tick.lineSeq = lineSeq;
                tick.receiveNs = receiveNs;
                tick.sequencedNs = sequencedNs;
                tick.instrumentId = instrumentId;
                return tick;
            });
        final Arbitrary<Tick> trades = Combinators.combine(
            envelope, anyLong, anyLong, anyLong, Arbitraries.of((byte)0, (byte)1, (byte)2), anyLong)
            .as((tick, time, price, size, side, tradeId) ->
            {
                tick.type = TickType.TRADE;
                tick.exchangeTimeNs = time;
                tick.priceMantissa = price;
                tick.size = size;
                tick.aggressorSide = side;
                tick.tradeId = tradeId;
                return tick;
            });
        final Arbitrary<Tick> quotes = Combinators.combine(envelope, anyLong, anyLong, anyLong, anyLong, anyLong)
            .as((tick, time, bid, bidSize, ask, askSize) ->
            {
                tick.type = TickType.QUOTE;
                tick.exchangeTimeNs = time;
                tick.bidPriceMantissa = bid;
                tick.bidSize = bidSize;
                tick.askPriceMantissa = ask;
                tick.askSize = askSize;
                return tick;
            });
        final Arbitrary<String> symbols = Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-/ ")
            .ofMinLength(0).ofMaxLength(Tick.SYMBOL_CAPACITY)
            .filter(s -> !s.endsWith(" "));
        final Arbitrary<Tick> instruments = Combinators.combine(
            envelope, Arbitraries.integers().between(Byte.MIN_VALUE, Byte.MAX_VALUE), anyLong, symbols)
            .as((tick, exponent, tickSize, symbol) ->
            {
                tick.type = TickType.INSTRUMENT;
                tick.priceExponent = exponent;
                tick.tickSizeMantissa = tickSize;
                tick.symbol(symbol);
                return tick;
            });
        return Arbitraries.oneOf(trades, quotes, instruments);
    }

    private Tick roundTrip(final Tick tick, final long emittedNs)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH]);
        final int length = codec.encode(tick, emittedNs, buffer, 0);
        final Tick decoded = new Tick();
        assertThat(codec.decode(buffer, 0, length, decoded)).isEqualTo(length);
        return decoded;
    }

    private UnsafeBuffer encoded(final Tick tick)
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH]);
        final int length = codec.encode(tick, 0, scratch, 0);
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[length]);
        exact.putBytes(0, scratch, 0, length);
        return exact;
    }

    static void writeHeader(
        final UnsafeBuffer buffer, final int offset, final int blockLength, final int templateId, final int schemaId,
        final int version)
    {
        buffer.putShort(offset, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + 2, (short)templateId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + 4, (short)schemaId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + 6, (short)version, ByteOrder.LITTLE_ENDIAN);
    }

    private static void assertSameTick(final Tick actual, final Tick expected)
    {
        assertThat(actual.type).as("type").isEqualTo(expected.type);
        assertThat(actual.globalSeq).as("globalSeq").isEqualTo(expected.globalSeq);
        assertThat(actual.channelId).as("channelId").isEqualTo(expected.channelId);
        assertThat(actual.lineSeq).as("lineSeq").isEqualTo(expected.lineSeq);
        assertThat(actual.receiveNs).as("receiveNs").isEqualTo(expected.receiveNs);
        assertThat(actual.sequencedNs).as("sequencedNs").isEqualTo(expected.sequencedNs);
        assertThat(actual.instrumentId).as("instrumentId").isEqualTo(expected.instrumentId);
        switch (expected.type)
        {
            case TickType.TRADE:
                assertThat(actual.exchangeTimeNs).as("exchangeTimeNs").isEqualTo(expected.exchangeTimeNs);
                assertThat(actual.priceMantissa).as("priceMantissa").isEqualTo(expected.priceMantissa);
                assertThat(actual.size).as("size").isEqualTo(expected.size);
                assertThat(actual.aggressorSide).as("aggressorSide").isEqualTo(expected.aggressorSide);
                assertThat(actual.tradeId).as("tradeId").isEqualTo(expected.tradeId);
                break;
            case TickType.QUOTE:
                assertThat(actual.exchangeTimeNs).as("exchangeTimeNs").isEqualTo(expected.exchangeTimeNs);
                assertThat(actual.bidPriceMantissa).as("bid").isEqualTo(expected.bidPriceMantissa);
                assertThat(actual.bidSize).as("bidSize").isEqualTo(expected.bidSize);
                assertThat(actual.askPriceMantissa).as("ask").isEqualTo(expected.askPriceMantissa);
                assertThat(actual.askSize).as("askSize").isEqualTo(expected.askSize);
                break;
            case TickType.INSTRUMENT:
                assertThat(actual.priceExponent).as("priceExponent").isEqualTo(expected.priceExponent);
                assertThat(actual.tickSizeMantissa).as("tickSize").isEqualTo(expected.tickSizeMantissa);
                assertThat(actual.symbolAsString()).as("symbol").isEqualTo(expected.symbolAsString());
                assertThat(actual.symbolLength).as("symbolLength").isEqualTo(expected.symbolLength);
                break;
            default:
                throw new AssertionError("unexpected type " + expected.type);
        }
    }

    private static Tick envelope(final Tick tick)
    {
        tick.globalSeq = 1_000_001;
        tick.channelId = 7;
        tick.lineSeq = 555;
        tick.receiveNs = 111_111;
        tick.sequencedNs = 222_222;
        tick.instrumentId = 3;
        return tick;
    }

    private static Tick trade(final long price, final long size)
    {
        final Tick tick = envelope(new Tick());
        tick.type = TickType.TRADE;
        tick.exchangeTimeNs = 1_767_623_400_000_000_123L;
        tick.priceMantissa = price;
        tick.size = size;
        tick.aggressorSide = 2;
        tick.tradeId = 9876;
        return tick;
    }

    private static Tick quote(final long bid, final long bidSize, final long ask, final long askSize)
    {
        final Tick tick = envelope(new Tick());
        tick.type = TickType.QUOTE;
        tick.exchangeTimeNs = -1L;
        tick.bidPriceMantissa = bid;
        tick.bidSize = bidSize;
        tick.askPriceMantissa = ask;
        tick.askSize = askSize;
        return tick;
    }

    private static Tick instrument(final int id, final int exponent, final long tickSize, final String symbol)
    {
        final Tick tick = envelope(new Tick());
        tick.type = TickType.INSTRUMENT;
        tick.instrumentId = id;
        tick.priceExponent = exponent;
        tick.tickSizeMantissa = tickSize;
        tick.symbol(symbol);
        return tick;
    }

    @Test
    void shouldRoundTripGapsAndChannelStatus()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH]);
        final Tick gap = new Tick();
        gap.type = TickType.GAP;
        gap.globalSeq = 77;
        gap.channelId = 310;
        gap.lineSeq = 0xFFFF_FFFF_0000_0001L;
        gap.gapToLineSeq = 0xFFFF_FFFF_0000_0009L;
        gap.eventNs = 123_456;
        final int gapLength = codec.encode(gap, 5, buffer, 0);
        final Tick decodedGap = new Tick();
        assertThat(codec.decode(buffer, 0, gapLength, decodedGap)).isEqualTo(gapLength);
        assertThat(decodedGap.type).isEqualTo(TickType.GAP);
        assertThat(new long[]{ decodedGap.globalSeq, decodedGap.channelId, decodedGap.lineSeq, decodedGap.gapToLineSeq,
            decodedGap.eventNs }).containsExactly(77, 310, gap.lineSeq, gap.gapToLineSeq, 123_456);

        for (final boolean stale : new boolean[]{ true, false })
        {
            final Tick status = new Tick();
            status.type = TickType.CHANNEL_STATUS;
            status.globalSeq = 78;
            status.channelId = 9;
            status.lineSeq = 41;
            status.channelStale = stale;
            status.eventNs = 5_000_000_000L;
            final int length = codec.encode(status, 5, buffer, 0);
            final Tick decoded = new Tick();
            decoded.channelStale = !stale;
            assertThat(codec.decode(buffer, 0, length, decoded)).isEqualTo(length);
            assertThat(decoded.type).isEqualTo(TickType.CHANNEL_STATUS);
            assertThat(decoded.channelStale).isEqualTo(stale);
            assertThat(decoded.eventNs).isEqualTo(5_000_000_000L);
            assertThat(decoded.lineSeq).isEqualTo(41);
        }
    }
}
