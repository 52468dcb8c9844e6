package io.ticktape.store;

import io.ticktape.protocol.sbe.ChannelStatusDecoder;
import io.ticktape.protocol.sbe.EnvelopeDecoder;
import io.ticktape.protocol.sbe.GapDecoder;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.QuoteTickDecoder;
import io.ticktape.protocol.sbe.TimerTickDecoder;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads the few fields that seeking, filtering and pacing need straight from an encoded tick message (as journaled
 * and published), without decoding the rest. Static and allocation free.
 * <pre>
 *  | MessageHeader (8) | Envelope (globalSeq at 0, ... emittedNs at 34; 42 bytes) | instrumentId | exchangeTimeNs |
 * </pre>
 * Only {@code TradeTick} and {@code QuoteTick} carry an exchange time; the other tick messages report
 * {@link #NO_TIME}. That includes a {@code TimerTick}: its time is the feed thread's estimate, which a later tick of a
 * lagging feed may precede, so seeking and pacing go by the ticks' own times alone. A timer repeats the last tick's
 * global sequence number (see {@link #isTimer}).
 */
public final class TickMessages
{
    /** Exchange time of a message that has none (instrument definitions, gaps, channel status). */
    public static final long NO_TIME = Long.MIN_VALUE;
    /** Result of {@link #length} for bytes that are not a whole tick message of this schema. */
    public static final int NOT_A_TICK = -1;

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int EMITTED_NS_OFFSET = HEADER + EnvelopeDecoder.emittedNsEncodingOffset();

    private TickMessages()
    {
    }

    /**
     * @param buffer    holding messages.
     * @param offset    of a message header.
     * @param remaining bytes from offset.
     * @return length of the whole tick message there, or {@link #NOT_A_TICK} (another schema or template, a block
     * shorter than its template's, or cut short).
     */
    public static int length(final DirectBuffer buffer, final int offset, final int remaining)
    {
        if (remaining < HEADER)
        {
            return NOT_A_TICK;
        }
        final int blockLength = buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int templateId = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID || blockLength < minBlockLength(templateId) ||
            HEADER + blockLength > remaining)
        {
            return NOT_A_TICK;
        }
        return HEADER + blockLength;
    }

    /**
     * @param buffer holding a whole tick message.
     * @param offset of its header.
     * @return its template id.
     */
    public static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer holding a whole tick message.
     * @param offset of its header.
     * @return true for a {@code TimerTick}: journaled for the kernel, never published as a tick; its global sequence
     * number is the last tick's.
     */
    public static boolean isTimer(final DirectBuffer buffer, final int offset)
    {
        return templateId(buffer, offset) == TimerTickDecoder.TEMPLATE_ID;
    }

    /**
     * @param buffer holding a whole tick message.
     * @param offset of its header.
     * @return the global sequence number in its envelope.
     */
    public static long globalSeq(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + HEADER + EnvelopeDecoder.globalSeqEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param buffer holding a whole tick message.
     * @param offset of its header.
     * @return its exchange time, or {@link #NO_TIME} for a message without one.
     */
    public static long exchangeTimeNs(final DirectBuffer buffer, final int offset)
    {
        switch (templateId(buffer, offset))
        {
            case TradeTickDecoder.TEMPLATE_ID:
                return buffer.getLong(
                    offset + HEADER + TradeTickDecoder.exchangeTimeNsEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
            case QuoteTickDecoder.TEMPLATE_ID:
                return buffer.getLong(
                    offset + HEADER + QuoteTickDecoder.exchangeTimeNsEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
            default:
                return NO_TIME;
        }
    }

    /**
     * @param buffer holding a whole tick message.
     * @param offset of its header.
     * @return the instrument it is about, or -1 for a gap or channel status (channel-wide events).
     */
    public static int instrumentId(final DirectBuffer buffer, final int offset)
    {
        switch (templateId(buffer, offset))
        {
            case TradeTickDecoder.TEMPLATE_ID:
                return buffer.getInt(offset + HEADER + TradeTickDecoder.instrumentIdEncodingOffset(),
                    ByteOrder.LITTLE_ENDIAN);
            case QuoteTickDecoder.TEMPLATE_ID:
                return buffer.getInt(offset + HEADER + QuoteTickDecoder.instrumentIdEncodingOffset(),
                    ByteOrder.LITTLE_ENDIAN);
            case InstrumentTickDecoder.TEMPLATE_ID:
                return buffer.getInt(offset + HEADER + InstrumentTickDecoder.instrumentIdEncodingOffset(),
                    ByteOrder.LITTLE_ENDIAN);
            default:
                return -1;
        }
    }

    /**
     * Offset of the envelope's {@code emittedNs} from the message header, the one field a republisher stamps anew.
     *
     * @return the offset.
     */
    public static int emittedNsOffset()
    {
        return EMITTED_NS_OFFSET;
    }

    private static int minBlockLength(final int templateId)
    {
        switch (templateId)
        {
            case TradeTickDecoder.TEMPLATE_ID:
                return TradeTickDecoder.BLOCK_LENGTH;
            case QuoteTickDecoder.TEMPLATE_ID:
                return QuoteTickDecoder.BLOCK_LENGTH;
            case InstrumentTickDecoder.TEMPLATE_ID:
                return InstrumentTickDecoder.BLOCK_LENGTH;
            case GapDecoder.TEMPLATE_ID:
                return GapDecoder.BLOCK_LENGTH;
            case ChannelStatusDecoder.TEMPLATE_ID:
                return ChannelStatusDecoder.BLOCK_LENGTH;
            case TimerTickDecoder.TEMPLATE_ID:
                return TimerTickDecoder.BLOCK_LENGTH;
            default:
                return Integer.MAX_VALUE;
        }
    }
}
