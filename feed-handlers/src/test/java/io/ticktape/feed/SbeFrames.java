package io.ticktape.feed;

import io.ticktape.protocol.sbe.HeartbeatEncoder;
import io.ticktape.protocol.sbe.InstrumentDefinitionDecoder;
import io.ticktape.protocol.sbe.InstrumentDefinitionEncoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.QuoteDecoder;
import io.ticktape.protocol.sbe.QuoteEncoder;
import io.ticktape.protocol.sbe.Side;
import io.ticktape.protocol.sbe.TradeDecoder;
import io.ticktape.protocol.sbe.TradeEncoder;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test support: builds feed frames byte by byte (frame header with {@link ByteBuffer}, messages with the generated
 * SBE encoders) and decodes them independently of the production decoder (frame header with {@link ByteBuffer},
 * messages with the generated SBE decoders).
 */
public final class SbeFrames
{
    /** Bytes in a frame header, as documented in the schema. */
    public static final int FRAME_HEADER = 20;
    /** Bytes in an SBE message header. */
    public static final int MESSAGE_HEADER = 8;
    /** The schema id of Ticktape's feed. */
    public static final int SCHEMA_ID = 7001;

    private SbeFrames()
    {
    }

    /**
     * A normalized tick as a value, with only the fields meaningful for its type (the rest zero).
     */
    public record TickView(
        int type, int channelId, long lineSeq, long receiveNs, int instrumentId, long exchangeTimeNs,
        long price, long size, byte side, long tradeId,
        long bid, long bidSize, long ask, long askSize,
        int priceExponent, long tickSize, String symbol)
    {
        /**
         * @param tick a decoded tick (flyweight; stale fields of other types are ignored).
         * @return its value.
         */
        public static TickView of(final Tick tick)
        {
            switch (tick.type)
            {
                case TickType.TRADE:
                    return new TickView(tick.type, tick.channelId, tick.lineSeq, tick.receiveNs, tick.instrumentId,
                        tick.exchangeTimeNs, tick.priceMantissa, tick.size, tick.aggressorSide, tick.tradeId,
                        0, 0, 0, 0, 0, 0, "");
                case TickType.QUOTE:
                    return new TickView(tick.type, tick.channelId, tick.lineSeq, tick.receiveNs, tick.instrumentId,
                        tick.exchangeTimeNs, 0, 0, (byte)0, 0,
                        tick.bidPriceMantissa, tick.bidSize, tick.askPriceMantissa, tick.askSize, 0, 0, "");
                case TickType.INSTRUMENT:
                    return new TickView(tick.type, tick.channelId, tick.lineSeq, tick.receiveNs, tick.instrumentId,
                        tick.exchangeTimeNs, 0, 0, (byte)0, 0, 0, 0, 0, 0,
                        tick.priceExponent, tick.tickSizeMantissa, tick.symbolAsString());
                default:
                    throw new AssertionError("tick without a valid type: " + tick.type);
            }
        }
    }

    /**
     * A decoded frame header.
     */
    public record FrameView(long lineSeq, long sendingTimeNs, int channelId, int messageCount)
    {
    }

    /**
     * @param frame bytes of a frame.
     * @return its header, read with {@link ByteBuffer}.
     */
    public static FrameView header(final byte[] frame)
    {
        final ByteBuffer bytes = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        return new FrameView(bytes.getLong(0), bytes.getLong(8), bytes.getShort(16) & 0xFFFF,
            bytes.getShort(18) & 0xFFFF);
    }

    /**
     * Decode a whole, valid frame with the generated decoders.
     *
     * @param frame     bytes of exactly one frame.
     * @param receiveNs receive time to stamp on every tick.
     * @return the ticks, in order; heartbeats give none.
     */
    public static List<TickView> decode(final byte[] frame, final long receiveNs)
    {
        final FrameView header = header(frame);
        final DirectBuffer buffer = new UnsafeBuffer(frame);
        final MessageHeaderDecoder messageHeader = new MessageHeaderDecoder();
        final List<TickView> ticks = new ArrayList<>();
        int position = FRAME_HEADER;
        for (int i = 0; i < header.messageCount(); i++)
        {
            messageHeader.wrap(buffer, position);
            if (messageHeader.schemaId() != SCHEMA_ID)
            {
                throw new AssertionError("foreign schema in a frame expected to be valid");
            }
            final int body = position + MESSAGE_HEADER;
            switch (messageHeader.templateId())
            {
                case TradeDecoder.TEMPLATE_ID:
                {
                    final TradeDecoder trade = new TradeDecoder()
                        .wrap(buffer, body, messageHeader.blockLength(), messageHeader.version());
                    ticks.add(new TickView(TickType.TRADE, header.channelId(), header.lineSeq(), receiveNs,
                        (int)trade.instrumentId(), trade.exchangeTimeNs(), trade.priceMantissa(), trade.size(),
                        (byte)trade.aggressorSideRaw(), trade.tradeId(), 0, 0, 0, 0, 0, 0, ""));
                    break;
                }
                case QuoteDecoder.TEMPLATE_ID:
                {
                    final QuoteDecoder quote = new QuoteDecoder()
                        .wrap(buffer, body, messageHeader.blockLength(), messageHeader.version());
                    ticks.add(new TickView(TickType.QUOTE, header.channelId(), header.lineSeq(), receiveNs,
                        (int)quote.instrumentId(), quote.exchangeTimeNs(), 0, 0, (byte)0, 0,
                        quote.bidPriceMantissa(), quote.bidSize(), quote.askPriceMantissa(), quote.askSize(), 0, 0,
                        ""));
                    break;
                }
                case InstrumentDefinitionDecoder.TEMPLATE_ID:
                {
                    final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder()
                        .wrap(buffer, body, messageHeader.blockLength(), messageHeader.version());
                    ticks.add(new TickView(TickType.INSTRUMENT, header.channelId(), header.lineSeq(), receiveNs,
                        (int)definition.instrumentId(), 0, 0, 0, (byte)0, 0, 0, 0, 0, 0,
                        definition.priceExponent(), definition.tickSizeMantissa(), definition.symbol()));
                    break;
                }
                default:
                    break;
            }
            position = body + messageHeader.blockLength();
        }
        if (position != frame.length)
        {
            throw new AssertionError("frame has " + frame.length + " bytes, messages end at " + position);
        }
        return ticks;
    }

    /**
     * Builds a frame message by message.
     */
    public static final class Builder
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private int position = FRAME_HEADER;
        private int count;
        private int lastMessageStart;
        private Integer messageCountOverride;
        private final long lineSeq;
        private final long sendingTimeNs;
        private final int channelId;

        /**
         * @param channelId     of the frame.
         * @param lineSeq       of the frame.
         * @param sendingTimeNs of the frame.
         */
        public Builder(final int channelId, final long lineSeq, final long sendingTimeNs)
        {
            this.channelId = channelId;
            this.lineSeq = lineSeq;
            this.sendingTimeNs = sendingTimeNs;
        }

        /**
         * @param instrumentId of the trade.
         * @param timeNs       exchange time.
         * @param price        mantissa.
         * @param size         quantity.
         * @param tradeId      exchange trade id.
         * @return this.
         */
        public Builder trade(final int instrumentId, final long timeNs, final long price, final long size,
            final long tradeId)
        {
            final TradeEncoder encoder = new TradeEncoder().wrapAndApplyHeader(buffer, position, header)
                .instrumentId(instrumentId & 0xFFFF_FFFFL).exchangeTimeNs(timeNs).priceMantissa(price).size(size)
                .aggressorSide(Side.SELL).tradeId(tradeId);
            return advance(encoder.encodedLength());
        }

        /**
         * @return this, with a quote added.
         */
        public Builder quote(final int instrumentId, final long timeNs, final long bid, final long bidSize,
            final long ask, final long askSize)
        {
            final QuoteEncoder encoder = new QuoteEncoder().wrapAndApplyHeader(buffer, position, header)
                .instrumentId(instrumentId & 0xFFFF_FFFFL).exchangeTimeNs(timeNs)
                .bidPriceMantissa(bid).bidSize(bidSize).askPriceMantissa(ask).askSize(askSize);
            return advance(encoder.encodedLength());
        }

        /**
         * @return this, with an instrument definition added.
         */
        public Builder definition(final int instrumentId, final int exponent, final long tickSize,
            final String symbol)
        {
            final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
                .wrapAndApplyHeader(buffer, position, header)
                .instrumentId(instrumentId & 0xFFFF_FFFFL).priceExponent((byte)exponent).tickSizeMantissa(tickSize)
                .putSymbol(Arrays.copyOf(symbol.getBytes(StandardCharsets.US_ASCII), 16), 0);
            return advance(encoder.encodedLength());
        }

        /**
         * @return this, with a heartbeat added.
         */
        public Builder heartbeat(final long timeNs)
        {
            final HeartbeatEncoder encoder = new HeartbeatEncoder().wrapAndApplyHeader(buffer, position, header)
                .exchangeTimeNs(timeNs);
            return advance(encoder.encodedLength());
        }

        /**
         * A message with an arbitrary header and a block of the given length filled with a byte pattern.
         *
         * @return this.
         */
        public Builder raw(final int blockLength, final int templateId, final int schemaId, final int version,
            final int bodyBytes)
        {
            lastMessageStart = position;
            buffer.putShort(position, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(position + 2, (short)templateId, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(position + 4, (short)schemaId, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(position + 6, (short)version, ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < bodyBytes; i++)
            {
                buffer.putByte(position + MESSAGE_HEADER + i, (byte)(0x5A + i));
            }
            position += MESSAGE_HEADER + bodyBytes;
            count++;
            return this;
        }

        /**
         * Overwrite the block length of the last message added (its bytes stay as they are).
         *
         * @return this.
         */
        public Builder lastBlockLength(final int blockLength)
        {
            buffer.putShort(lastMessageStart, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
            return this;
        }

        /**
         * Declare a message count other than the number of messages added.
         *
         * @return this.
         */
        public Builder messageCount(final int messageCount)
        {
            messageCountOverride = messageCount;
            return this;
        }

        /**
         * @return the frame's bytes, exactly.
         */
        public byte[] build()
        {
            final ByteBuffer bytes = ByteBuffer.wrap(buffer.byteArray()).order(ByteOrder.LITTLE_ENDIAN);
            bytes.putLong(0, lineSeq);
            bytes.putLong(8, sendingTimeNs);
            bytes.putShort(16, (short)channelId);
            bytes.putShort(18, (short)(null == messageCountOverride ? count : messageCountOverride));
            return Arrays.copyOf(buffer.byteArray(), position);
        }

        private Builder advance(final int blockLength)
        {
            lastMessageStart = position;
            position += MESSAGE_HEADER + blockLength;
            count++;
            return this;
        }
    }
}
