package io.ticktape.feed.mdp3;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.PacketDecoder;
import io.ticktape.feed.mdp3.sbe.v13.MessageHeaderDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Decodes packets of CME MDP 3.0 incremental feeds (UDP payloads) into normalized ticks.
 * <pre>
 *   packet:  +-----------+-------------+---------+---------+-----
 *            | MsgSeqNum | SendingTime | message | message | ...
 *            | uint32 LE | uint64 LE ns|         |         |
 *            +-----------+-------------+---------+---------+-----
 *   message: +---------+-------------+----------+-----------+---------+------------+------------------+
 *            | MsgSize | blockLength | template | schema id | version | root block | repeating groups |
 *            | uint16  | uint16      | uint16   | uint16    | uint16  |            |                  |
 *            +---------+-------------+----------+-----------+---------+------------+------------------+
 *            MsgSize counts itself and everything up to the next message.
 * </pre>
 * What is decoded, into which ticks: trade summaries (42, 48, 65) into TRADEs, book refreshes (32, 46, 64) into
 * QUOTEs, instrument definitions (27, 29, 41, 54, 55, 56) into INSTRUMENTs, all prices as PRICE9 (exponent -9).
 * Every other template CME defines (security status, volume, statistics, snapshots, order book, channel reset,
 * heartbeat, ...) is counted per template and passed over.
 * <p>
 * A template is decoded by the newest codec that defines it, with the header's blockLength and version as the
 * acting block length and version, so messages of older versions and of newer versions that extend a block both
 * decode (see {@link Mdp3Templates}). Each message is skipped by its MsgSize, whatever its groups claim.
 * <p>
 * Input is untrusted: a short packet, a MsgSize that is too small or runs past the packet, a foreign schema, an
 * unknown template, an unsupported version, a root block shorter than its fields or longer than the message, a
 * group whose header or entries run past the message: each is counted per reason ({@link Malformation}), logged
 * once, and skipped, the message by its MsgSize where that is sane, else the rest of the packet. Valid messages
 * before and after a bad one are delivered. Nothing is thrown on bad bytes; decoding allocates nothing, except a
 * book the first time a security is seen and a counter the first time a template is seen.
 * <p>
 * One instance per feed thread. Its books are the state of the whole decoder: feed it the packets of one set of
 * channels, in order, and let {@link MarketDataHandler#onFrame} drop the duplicates of the other line.
 */
public final class Mdp3PacketDecoder implements PacketDecoder
{
    /** MsgSeqNum and SendingTime. */
    public static final int PACKET_HEADER_LENGTH = 12;

    private static final int MSG_SIZE_LENGTH = 2;
    private static final int MIN_MSG_SIZE = MSG_SIZE_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final Tick tick = new Tick();
    private final MarketDataHandler handler;
    private final Mdp3Counters counters;
    private final TradeSummaryAdapter trades;
    private final BookRefreshAdapter books;
    private final InstrumentDefinitionAdapter instruments;

    /**
     * @param handler  receives frames and ticks.
     * @param counters where this decoder's counters are allocated.
     * @param prefix   label prefix for the counters, e.g. {@code feed.cme}.
     */
    public Mdp3PacketDecoder(final MarketDataHandler handler, final Counters counters, final String prefix)
    {
        this(handler, counters, prefix, true);
    }

    /**
     * @param handler                receives frames and ticks.
     * @param counters               where the decoder's counters are allocated.
     * @param prefix                 label prefix for its counters.
     * @param provisionalDefinitions precede an undefined security's first tick with a provisional definition
     *                               (see {@link ProvisionalDefinitions}); tests of the decoding itself turn it off.
     */
    Mdp3PacketDecoder(
        final MarketDataHandler handler, final Counters counters, final String prefix,
        final boolean provisionalDefinitions)
    {
        this.handler = provisionalDefinitions ? new ProvisionalDefinitions(handler) : handler;
        this.counters = new Mdp3Counters(counters, prefix);
        trades = new TradeSummaryAdapter(this.handler, this.counters);
        books = new BookRefreshAdapter(this.handler, this.counters);
        instruments = new InstrumentDefinitionAdapter(this.handler, this.counters);
    }

    @Override
    public int onPacket(
        final DirectBuffer buffer, final int offset, final int length, final long receiveNs, final int channelId)
    {
        if (length < PACKET_HEADER_LENGTH || offset < 0 || length > buffer.capacity() - offset)
        {
            counters.packet(channelId, -1);
            counters.malformed(Malformation.SHORT_PACKET, length, 0);
            return 0;
        }
        counters.packets.incrementRelease();

        final long msgSeqNum = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        final long sendingTimeNs = buffer.getLong(offset + 4, ByteOrder.LITTLE_ENDIAN);
        counters.packet(channelId, msgSeqNum);
        if (!handler.onFrame(channelId, msgSeqNum, sendingTimeNs, receiveNs))
        {
            return 0;
        }

        final Tick tick = this.tick;
        tick.channelId = channelId;
        tick.lineSeq = msgSeqNum;
        tick.receiveNs = receiveNs;

        final int end = offset + length;
        int position = offset + PACKET_HEADER_LENGTH;
        int delivered = 0;
        while (position < end)
        {
            final int remaining = end - position;
            if (remaining < MSG_SIZE_LENGTH)
            {
                counters.malformed(Malformation.TRUNCATED_MESSAGE, remaining, 0);
                break;
            }
            final int msgSize = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            if (msgSize < MIN_MSG_SIZE)
            {
                // Without a sane MsgSize the next message cannot be found.
                counters.malformed(Malformation.MSG_SIZE, msgSize, 0);
                break;
            }
            if (msgSize > remaining)
            {
                counters.malformed(Malformation.TRUNCATED_MESSAGE, msgSize, 0);
                break;
            }
            delivered += onMessage(buffer, position + MSG_SIZE_LENGTH, position + msgSize, tick);
            position += msgSize;
        }
        return delivered;
    }

    /**
     * The packet's MsgSeqNum, so that the A and B lines of a channel can be arbitrated before decoding.
     */
    @Override
    public long lineSeq(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < PACKET_HEADER_LENGTH || offset < 0 || length > buffer.capacity() - offset)
        {
            return -1;
        }
        return buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /**
     * @param securityId CME SecurityID.
     * @return the book this decoder keeps for it, or null if it has none (tests and diagnostics, decoder's thread).
     */
    PriceLevelBook book(final int securityId)
    {
        return books.book(securityId);
    }

    private int onMessage(final DirectBuffer buffer, final int headerOffset, final int msgEnd, final Tick tick)
    {
        header.wrap(buffer, headerOffset);
        final int blockLength = header.blockLength();
        final int templateId = header.templateId();
        final int schemaId = header.schemaId();
        final int version = header.version();

        if (schemaId != Mdp3Templates.SCHEMA_ID)
        {
            return skip(Malformation.UNKNOWN_SCHEMA, schemaId, templateId);
        }
        if (!Mdp3Templates.isKnown(templateId))
        {
            return skip(Malformation.UNKNOWN_TEMPLATE, templateId, version);
        }
        if (version < Mdp3Templates.oldestVersion(templateId))
        {
            return skip(Malformation.OLD_VERSION, templateId, version);
        }
        final int body = headerOffset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (blockLength > msgEnd - body)
        {
            return skip(Malformation.BLOCK_OVERRUN, templateId, blockLength);
        }
        if (version > Mdp3Templates.NEWEST_VERSION)
        {
            counters.newerVersion(templateId, version);
        }
        counters.messages.incrementRelease();
        counters.template(templateId);

        switch (templateId)
        {
            case Mdp3Templates.TRADE_SUMMARY_V5:
            case Mdp3Templates.TRADE_SUMMARY_V9:
            case Mdp3Templates.TRADE_SUMMARY_LONG_QTY:
                return trades.onMessage(templateId, buffer, body, blockLength, version, msgEnd, tick);

            case Mdp3Templates.BOOK_V2:
            case Mdp3Templates.BOOK_V9:
            case Mdp3Templates.BOOK_LONG_QTY:
                return books.onMessage(templateId, buffer, body, blockLength, version, msgEnd, tick);

            case Mdp3Templates.FUTURE_DEFINITION_V2:
            case Mdp3Templates.SPREAD_DEFINITION_V2:
            case Mdp3Templates.OPTION_DEFINITION_V3:
            case Mdp3Templates.FUTURE_DEFINITION_V9:
            case Mdp3Templates.OPTION_DEFINITION_V9:
            case Mdp3Templates.SPREAD_DEFINITION_V9:
                return instruments.onMessage(templateId, buffer, body, blockLength, version, tick);

            default:
                // Counted above; nothing in it becomes a tick.
                return 0;
        }
    }

    private int skip(final Malformation reason, final int first, final int second)
    {
        counters.malformed(reason, first, second);
        return 0;
    }
}
