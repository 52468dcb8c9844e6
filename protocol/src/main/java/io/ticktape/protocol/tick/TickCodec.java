package io.ticktape.protocol.tick;

import io.ticktape.protocol.sbe.ChannelState;
import io.ticktape.protocol.sbe.ChannelStatusDecoder;
import io.ticktape.protocol.sbe.ChannelStatusEncoder;
import io.ticktape.protocol.sbe.EnvelopeDecoder;
import io.ticktape.protocol.sbe.GapDecoder;
import io.ticktape.protocol.sbe.GapEncoder;
import io.ticktape.protocol.sbe.EnvelopeEncoder;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.InstrumentTickEncoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.QuoteTickDecoder;
import io.ticktape.protocol.sbe.QuoteTickEncoder;
import io.ticktape.protocol.sbe.Side;
import io.ticktape.protocol.sbe.TimerTickDecoder;
import io.ticktape.protocol.sbe.TimerTickEncoder;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import io.ticktape.protocol.sbe.TradeTickEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes a sequenced {@link Tick} as the SBE message that is published and journaled ({@code InstrumentTick},
 * {@code TradeTick} or {@code QuoteTick}, each with its {@code Envelope}), and decodes those messages back.
 * <p>
 * A {@link TickType#TIMER} is encoded too, as a {@code TimerTick}, so the journal holds every event the kernel saw and
 * a replay feeds it the same sequence. A timer takes no global sequence number (it repeats the last tick's), so what
 * publishes ticks to subscribers skips it (see {@link #isTimer}).
 * <p>
 * Holds its encoders and decoders, so one instance belongs to one thread. Nothing allocates.
 */
public final class TickCodec
{
    /** Result of {@link #decode} for a message that is not a tick of this schema. */
    public static final int NOT_A_TICK = -1;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final InstrumentTickEncoder instrumentEncoder = new InstrumentTickEncoder();
    private final TradeTickEncoder tradeEncoder = new TradeTickEncoder();
    private final QuoteTickEncoder quoteEncoder = new QuoteTickEncoder();
    private final InstrumentTickDecoder instrumentDecoder = new InstrumentTickDecoder();
    private final TradeTickDecoder tradeDecoder = new TradeTickDecoder();
    private final QuoteTickDecoder quoteDecoder = new QuoteTickDecoder();
    private final GapEncoder gapEncoder = new GapEncoder();
    private final GapDecoder gapDecoder = new GapDecoder();
    private final ChannelStatusEncoder statusEncoder = new ChannelStatusEncoder();
    private final ChannelStatusDecoder statusDecoder = new ChannelStatusDecoder();
    private final TimerTickEncoder timerEncoder = new TimerTickEncoder();
    private final TimerTickDecoder timerDecoder = new TimerTickDecoder();

    /**
     * Largest encoded tick, header included.
     */
    public static final int MAX_ENCODED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + Math.max(
        Math.max(InstrumentTickEncoder.BLOCK_LENGTH, Math.max(GapEncoder.BLOCK_LENGTH, ChannelStatusEncoder.BLOCK_LENGTH)),
        Math.max(TradeTickEncoder.BLOCK_LENGTH, QuoteTickEncoder.BLOCK_LENGTH));

    /**
     * Encode a tick with its message header.
     *
     * @param tick      to encode.
     * @param emittedNs stage timestamp written into the envelope.
     * @param buffer    to write into.
     * @param offset    where the message header starts.
     * @return bytes written, or 0 if the tick has no type.
     */
    public int encode(final Tick tick, final long emittedNs, final MutableDirectBuffer buffer, final int offset)
    {
        switch (tick.type)
        {
            case TickType.TRADE:
            {
                tradeEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
                envelope(tradeEncoder.envelope(), tick, emittedNs);
                tradeEncoder
                    .instrumentId(tick.instrumentId & 0xFFFF_FFFFL)
                    .exchangeTimeNs(tick.exchangeTimeNs)
                    .priceMantissa(tick.priceMantissa)
                    .size(tick.size)
                    .aggressorSide(side(tick.aggressorSide))
                    .tradeId(tick.tradeId);
                return MessageHeaderEncoder.ENCODED_LENGTH + tradeEncoder.encodedLength();
            }

            case TickType.QUOTE:
            {
                quoteEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
                envelope(quoteEncoder.envelope(), tick, emittedNs);
                quoteEncoder
                    .instrumentId(tick.instrumentId & 0xFFFF_FFFFL)
                    .exchangeTimeNs(tick.exchangeTimeNs)
                    .bidPriceMantissa(tick.bidPriceMantissa)
                    .bidSize(tick.bidSize)
                    .askPriceMantissa(tick.askPriceMantissa)
                    .askSize(tick.askSize);
                return MessageHeaderEncoder.ENCODED_LENGTH + quoteEncoder.encodedLength();
            }

            case TickType.INSTRUMENT:
            {
                instrumentEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
                envelope(instrumentEncoder.envelope(), tick, emittedNs);
                instrumentEncoder
                    .instrumentId(tick.instrumentId & 0xFFFF_FFFFL)
                    .priceExponent((byte)tick.priceExponent)
                    .tickSizeMantissa(tick.tickSizeMantissa)
                    .putSymbol(tick.symbol, 0);
                return MessageHeaderEncoder.ENCODED_LENGTH + instrumentEncoder.encodedLength();
            }

            case TickType.GAP:
            {
                gapEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
                envelope(gapEncoder.envelope(), tick, emittedNs);
                gapEncoder.toLineSeq(tick.gapToLineSeq).detectedNs(tick.eventNs);
                return MessageHeaderEncoder.ENCODED_LENGTH + gapEncoder.encodedLength();
            }

            case TickType.CHANNEL_STATUS:
            {
                statusEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
                envelope(statusEncoder.envelope(), tick, emittedNs);
                statusEncoder
                    .state(tick.channelStale ? ChannelState.STALE : ChannelState.ACTIVE)
                    .silentNs(tick.eventNs);
                return MessageHeaderEncoder.ENCODED_LENGTH + statusEncoder.encodedLength();
            }

            case TickType.TIMER:
            {
                timerEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
                envelope(timerEncoder.envelope(), tick, emittedNs);
                timerEncoder.exchangeTimeNs(tick.exchangeTimeNs);
                return MessageHeaderEncoder.ENCODED_LENGTH + timerEncoder.encodedLength();
            }

            default:
                return 0;
        }
    }

    /**
     * Decode a tick message into a {@link Tick}.
     *
     * @param buffer holding the message.
     * @param offset of its message header.
     * @param length bytes available from offset.
     * @param tick   to fill.
     * @return bytes consumed, or {@link #NOT_A_TICK} for another schema, another template or a short buffer.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length, final Tick tick)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return NOT_A_TICK;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return NOT_A_TICK;
        }
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int templateId = headerDecoder.templateId();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int total = MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        if (total > length)
        {
            return NOT_A_TICK;
        }

        switch (templateId)
        {
            case TradeTickDecoder.TEMPLATE_ID:
                if (blockLength < TradeTickDecoder.BLOCK_LENGTH)
                {
                    return NOT_A_TICK;
                }
                tradeDecoder.wrap(buffer, bodyOffset, blockLength, version);
                envelope(tradeDecoder.envelope(), tick);
                tick.type = TickType.TRADE;
                tick.instrumentId = (int)tradeDecoder.instrumentId();
                tick.exchangeTimeNs = tradeDecoder.exchangeTimeNs();
                tick.priceMantissa = tradeDecoder.priceMantissa();
                tick.size = tradeDecoder.size();
                tick.aggressorSide = (byte)tradeDecoder.aggressorSideRaw();
                tick.tradeId = tradeDecoder.tradeId();
                return total;

            case QuoteTickDecoder.TEMPLATE_ID:
                if (blockLength < QuoteTickDecoder.BLOCK_LENGTH)
                {
                    return NOT_A_TICK;
                }
                quoteDecoder.wrap(buffer, bodyOffset, blockLength, version);
                envelope(quoteDecoder.envelope(), tick);
                tick.type = TickType.QUOTE;
                tick.instrumentId = (int)quoteDecoder.instrumentId();
                tick.exchangeTimeNs = quoteDecoder.exchangeTimeNs();
                tick.bidPriceMantissa = quoteDecoder.bidPriceMantissa();
                tick.bidSize = quoteDecoder.bidSize();
                tick.askPriceMantissa = quoteDecoder.askPriceMantissa();
                tick.askSize = quoteDecoder.askSize();
                return total;

            case InstrumentTickDecoder.TEMPLATE_ID:
                if (blockLength < InstrumentTickDecoder.BLOCK_LENGTH)
                {
                    return NOT_A_TICK;
                }
                instrumentDecoder.wrap(buffer, bodyOffset, blockLength, version);
                envelope(instrumentDecoder.envelope(), tick);
                tick.type = TickType.INSTRUMENT;
                tick.instrumentId = (int)instrumentDecoder.instrumentId();
                tick.priceExponent = instrumentDecoder.priceExponent();
                tick.tickSizeMantissa = instrumentDecoder.tickSizeMantissa();
                instrumentDecoder.getSymbol(tick.symbol, 0);
                tick.symbolLength = Symbols.length(tick.symbol);
                return total;

            case GapDecoder.TEMPLATE_ID:
                if (blockLength < GapDecoder.BLOCK_LENGTH)
                {
                    return NOT_A_TICK;
                }
                gapDecoder.wrap(buffer, bodyOffset, blockLength, version);
                envelope(gapDecoder.envelope(), tick);
                tick.type = TickType.GAP;
                tick.gapToLineSeq = gapDecoder.toLineSeq();
                tick.eventNs = gapDecoder.detectedNs();
                return total;

            case ChannelStatusDecoder.TEMPLATE_ID:
                if (blockLength < ChannelStatusDecoder.BLOCK_LENGTH)
                {
                    return NOT_A_TICK;
                }
                statusDecoder.wrap(buffer, bodyOffset, blockLength, version);
                envelope(statusDecoder.envelope(), tick);
                tick.type = TickType.CHANNEL_STATUS;
                tick.channelStale = statusDecoder.stateRaw() == ChannelState.STALE.value();
                tick.eventNs = statusDecoder.silentNs();
                return total;

            case TimerTickDecoder.TEMPLATE_ID:
                if (blockLength < TimerTickDecoder.BLOCK_LENGTH)
                {
                    return NOT_A_TICK;
                }
                timerDecoder.wrap(buffer, bodyOffset, blockLength, version);
                envelope(timerDecoder.envelope(), tick);
                tick.type = TickType.TIMER;
                tick.instrumentId = 0;
                tick.exchangeTimeNs = timerDecoder.exchangeTimeNs();
                return total;

            default:
                return NOT_A_TICK;
        }
    }

    /**
     * Whether an encoded tick message is a {@code TimerTick}: journaled for replays through the kernel, but never
     * published as a tick (it carries no sequence number of its own).
     *
     * @param buffer holding the message.
     * @param offset of its message header.
     * @return true for a timer.
     */
    public static boolean isTimer(final DirectBuffer buffer, final int offset)
    {
        final int templateId = buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + 4, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        return templateId == TimerTickDecoder.TEMPLATE_ID && schemaId == MessageHeaderDecoder.SCHEMA_ID;
    }

    /**
     * Global sequence number of an encoded tick, without decoding the rest.
     *
     * @param buffer holding the message.
     * @param offset of its message header.
     * @return the envelope's global sequence.
     */
    public long globalSeq(final DirectBuffer buffer, final int offset)
    {
        // The envelope is the first field of every tick message, so its globalSeq sits right after the header.
        return buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Fill an envelope from a tick: how every output caused by a tick says where it came from.
     *
     * @param envelope  of the message being encoded.
     * @param tick      that caused the message.
     * @param emittedNs when the encoding stage produced it.
     */
    public static void envelope(final EnvelopeEncoder envelope, final Tick tick, final long emittedNs)
    {
        envelope
            .globalSeq(tick.globalSeq)
            .channelId(tick.channelId & 0xFFFF)
            .lineSeq(tick.lineSeq)
            .receiveNs(tick.receiveNs)
            .sequencedNs(tick.sequencedNs)
            .emittedNs(emittedNs);
    }

    private static void envelope(final EnvelopeDecoder envelope, final Tick tick)
    {
        tick.globalSeq = envelope.globalSeq();
        tick.channelId = envelope.channelId();
        tick.lineSeq = envelope.lineSeq();
        tick.receiveNs = envelope.receiveNs();
        tick.sequencedNs = envelope.sequencedNs();
    }

    private static Side side(final byte code)
    {
        switch (code)
        {
            case 1:
                return Side.BUY;
            case 2:
                return Side.SELL;
            default:
                return Side.NONE;
        }
    }
}
