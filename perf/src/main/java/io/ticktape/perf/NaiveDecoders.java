package io.ticktape.perf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The baseline for the feed decoders: what a straightforward implementation looks like. Each packet arrives as a
 * {@code byte[]} (as from a {@code DatagramPacket}) and is wrapped in a little-endian heap {@link ByteBuffer}; the
 * fields are read with {@code getLong}/{@code getInt} at offsets written out by hand from the schema, and every
 * message becomes a small immutable object handed to a listener, which keeps the last one. Fields are normalized
 * as ours are (prices to the feed's tick exponent, PRICE9 for MDP3, lengths checked against the packet).
 */
final class NaiveDecoders
{
    static final int TICKTAPE_TRADE = 2;
    static final int TICKTAPE_QUOTE = 3;
    private static final int FRAME_HEADER_LENGTH = 20;
    private static final int MESSAGE_HEADER_LENGTH = 8;
    private static final int MDP3_GROUP_HEADER_LENGTH = 3;
    private static final int MDP3_TRADE_ENTRY_LENGTH = 26;
    private static final int MDP3_TRADE_ENTRY_LENGTH_V7 = 30;
    private static final int MDP3_TRADE_ID_SINCE_VERSION = 7;
    private static final long PRICE7_TO_PRICE9 = 100;

    private NaiveDecoders()
    {
    }

    /**
     * A trade.
     *
     * @param channelId      channel of its packet.
     * @param lineSeq        sequence number of its packet.
     * @param instrumentId   instrument.
     * @param exchangeTimeNs exchange time, epoch ns.
     * @param price          price mantissa.
     * @param size           quantity.
     * @param aggressorSide  1 buy, 2 sell, 0 unknown.
     * @param tradeId        exchange's id.
     */
    record Trade(
        int channelId, long lineSeq, int instrumentId, long exchangeTimeNs, long price, long size, byte aggressorSide,
        long tradeId)
    {
    }

    /**
     * A top of book.
     *
     * @param channelId      channel of its packet.
     * @param lineSeq        sequence number of its packet.
     * @param instrumentId   instrument.
     * @param exchangeTimeNs exchange time, epoch ns.
     * @param bidPrice       best bid price mantissa.
     * @param bidSize        best bid quantity.
     * @param askPrice       best ask price mantissa.
     * @param askSize        best ask quantity.
     */
    record Quote(
        int channelId, long lineSeq, int instrumentId, long exchangeTimeNs, long bidPrice, long bidSize, long askPrice,
        long askSize)
    {
    }

    /**
     * Receives the decoded messages.
     */
    interface Listener
    {
        void onTrade(Trade trade);

        void onQuote(Quote quote);
    }

    /**
     * Keeps the last message, and a count and a checksum of all of them, as a consumer that holds on to what it
     * is given would.
     */
    static final class KeepingListener implements Listener
    {
        Object last;
        long messages;
        long checksum;

        @Override
        public void onTrade(final Trade trade)
        {
            last = trade;
            messages++;
            checksum += trade.instrumentId() + trade.price() + trade.size() + trade.tradeId() + trade.exchangeTimeNs();
        }

        @Override
        public void onQuote(final Quote quote)
        {
            last = quote;
            messages++;
            checksum += quote.instrumentId() + quote.bidPrice() + quote.askPrice() + quote.bidSize() +
                quote.askSize() + quote.exchangeTimeNs();
        }
    }

    /**
     * Decode one frame of Ticktape's feed: the frame header, then Trade and Quote messages.
     *
     * @param packet   holding the frame.
     * @param offset   where it starts.
     * @param length   its bytes.
     * @param listener receives the messages.
     * @return messages delivered.
     */
    static int decodeTicktape(final byte[] packet, final int offset, final int length, final Listener listener)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(packet, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        final int end = offset + length;
        if (length < FRAME_HEADER_LENGTH)
        {
            return 0;
        }
        final long lineSeq = buffer.getLong(offset);
        final int channelId = buffer.getShort(offset + 16) & 0xFFFF;
        final int count = buffer.getShort(offset + 18) & 0xFFFF;
        int position = offset + FRAME_HEADER_LENGTH;
        int delivered = 0;
        for (int i = 0; i < count && end - position >= MESSAGE_HEADER_LENGTH; i++)
        {
            final int blockLength = buffer.getShort(position) & 0xFFFF;
            final int templateId = buffer.getShort(position + 2) & 0xFFFF;
            final int body = position + MESSAGE_HEADER_LENGTH;
            if (blockLength > end - body)
            {
                break;
            }
            if (TICKTAPE_TRADE == templateId)
            {
                listener.onTrade(new Trade(channelId, lineSeq, buffer.getInt(body), buffer.getLong(body + 4),
                    buffer.getLong(body + 12), buffer.getLong(body + 20), buffer.get(body + 28),
                    buffer.getLong(body + 29)));
                delivered++;
            }
            else if (TICKTAPE_QUOTE == templateId)
            {
                listener.onQuote(new Quote(channelId, lineSeq, buffer.getInt(body), buffer.getLong(body + 4),
                    buffer.getLong(body + 12), buffer.getLong(body + 20), buffer.getLong(body + 28),
                    buffer.getLong(body + 36)));
                delivered++;
            }
            position = body + blockLength;
        }
        return delivered;
    }

    /**
     * Decode the trade summaries (template 42, schema versions 5 to 8) of one MDP3 packet; other messages are
     * skipped by their MsgSize. Entries whose MDUpdateAction is not New are not trades and are skipped.
     *
     * @param packet    holding the UDP payload.
     * @param offset    where it starts.
     * @param length    its bytes.
     * @param channelId the channel it came on.
     * @param listener  receives the trades.
     * @return trades delivered.
     */
    static int decodeMdp3Trades(
        final byte[] packet, final int offset, final int length, final int channelId, final Listener listener)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(packet, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        final int end = offset + length;
        if (length < Mdp3Tape.PACKET_HEADER_LENGTH)
        {
            return 0;
        }
        final long msgSeqNum = buffer.getInt(offset) & 0xFFFF_FFFFL;
        int position = offset + Mdp3Tape.PACKET_HEADER_LENGTH;
        int delivered = 0;
        while (end - position >= Mdp3Tape.MSG_SIZE_LENGTH + MESSAGE_HEADER_LENGTH)
        {
            final int msgSize = buffer.getShort(position) & 0xFFFF;
            if (msgSize < Mdp3Tape.MSG_SIZE_LENGTH + MESSAGE_HEADER_LENGTH || msgSize > end - position)
            {
                break;
            }
            final int blockLength = buffer.getShort(position + 2) & 0xFFFF;
            final int templateId = buffer.getShort(position + 4) & 0xFFFF;
            final int version = buffer.getShort(position + 8) & 0xFFFF;
            if (Mdp3Tape.TRADE_SUMMARY_TEMPLATE == templateId)
            {
                delivered += tradeSummary(buffer, position + Mdp3Tape.MSG_SIZE_LENGTH + MESSAGE_HEADER_LENGTH,
                    blockLength, version, position + msgSize, channelId, msgSeqNum, listener);
            }
            position += msgSize;
        }
        return delivered;
    }

    private static int tradeSummary(
        final ByteBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final int msgEnd,
        final int channelId,
        final long msgSeqNum,
        final Listener listener)
    {
        final int group = body + blockLength;
        if (msgEnd - group < MDP3_GROUP_HEADER_LENGTH)
        {
            return 0;
        }
        final long transactTime = buffer.getLong(body);
        final int entryLength = buffer.getShort(group) & 0xFFFF;
        final int entries = buffer.get(group + 2) & 0xFF;
        final int required = version >= MDP3_TRADE_ID_SINCE_VERSION ?
            MDP3_TRADE_ENTRY_LENGTH_V7 : MDP3_TRADE_ENTRY_LENGTH;
        if (entryLength < required || (long)entries * entryLength > msgEnd - group - MDP3_GROUP_HEADER_LENGTH)
        {
            return 0;
        }
        int delivered = 0;
        int entry = group + MDP3_GROUP_HEADER_LENGTH;
        for (int i = 0; i < entries; i++, entry += entryLength)
        {
            final long price7 = buffer.getLong(entry);
            final long rptSeq = buffer.getInt(entry + 16) & 0xFFFF_FFFFL;
            final byte aggressor = buffer.get(entry + 24);
            final int action = buffer.get(entry + 25) & 0xFF;
            final long tradeId = version >= MDP3_TRADE_ID_SINCE_VERSION ?
                buffer.getInt(entry + 26) & 0xFFFF_FFFFL : rptSeq;
            if (0 == action && Long.MAX_VALUE != price7)
            {
                final byte side = aggressor == 1 || aggressor == 2 ? aggressor : 0;
                listener.onTrade(new Trade(channelId, msgSeqNum, buffer.getInt(entry + 12), transactTime,
                    price7 * PRICE7_TO_PRICE9, buffer.getInt(entry + 8), side, tradeId));
                delivered++;
            }
        }
        return delivered;
    }
}
