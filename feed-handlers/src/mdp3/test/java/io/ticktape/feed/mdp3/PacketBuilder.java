package io.ticktape.feed.mdp3;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes MDP3 packets byte by byte, for tests that need well-formed messages with chosen values, or precisely
 * malformed ones. Layouts are those of the v1.9 to v1.13 schemas (templates 46 and 48):
 * <pre>
 *   packet header: MsgSeqNum u32 @0, SendingTime u64 @4
 *   message: MsgSize u16, header (blockLength, templateId, schemaId, version: u16 each), root block
 *            (TransactTime u64 @0, MatchEventIndicator u8 @8, 2 padding), NoMDEntries groupSize (u16, u8),
 *            entries, NoOrderIDEntries groupSize8Byte (u16, 5 padding, u8) with no entries
 *   trade entry (48): MDEntryPx i64 @0, MDEntrySize i32 @8, SecurityID i32 @12, RptSeq u32 @16,
 *            NumberOfOrders i32 @20, AggressorSide u8 @24, MDUpdateAction u8 @25, MDTradeEntryID u32 @26
 *   book entry (46): MDEntryPx i64 @0, MDEntrySize i32 @8, SecurityID i32 @12, RptSeq u32 @16,
 *            NumberOfOrders i32 @20, MDPriceLevel u8 @24, MDUpdateAction u8 @25, MDEntryType char @26
 * </pre>
 */
final class PacketBuilder
{
    static final int ROOT_BLOCK_LENGTH = 11;
    static final int ENTRY_BLOCK_LENGTH = 32;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private int position;
    private int messageStart = -1;

    /**
     * A trade summary entry.
     */
    record Trade(int securityId, long price, int size, int aggressor, long tradeEntryId, long rptSeq, int action)
    {
        Trade(final int securityId, final long price, final int size, final int aggressor, final long tradeEntryId)
        {
            this(securityId, price, size, aggressor, tradeEntryId, 1, 0);
        }
    }

    /**
     * A book entry; type is the MDEntryType character ('0' bid, '1' offer, 'E', 'F' implied, 'J' reset).
     */
    record Book(int securityId, char type, int action, int level, long price, int size)
    {
    }

    PacketBuilder(final long msgSeqNum, final long sendingTimeNs)
    {
        buffer.putInt(0, (int)msgSeqNum, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(4, sendingTimeNs, ByteOrder.LITTLE_ENDIAN);
        position = Mdp3PacketDecoder.PACKET_HEADER_LENGTH;
    }

    PacketBuilder trades(final long transactTime, final Trade... trades)
    {
        return trades(9, ROOT_BLOCK_LENGTH, ENTRY_BLOCK_LENGTH, transactTime, trades);
    }

    /**
     * A trade summary 48 with chosen version and lengths (longer ones are zero-filled, as a newer sender's
     * extension fields would be).
     */
    PacketBuilder trades(
        final int version,
        final int rootBlockLength,
        final int entryBlockLength,
        final long transactTime,
        final Trade... trades)
    {
        begin(rootBlockLength, Mdp3Templates.TRADE_SUMMARY_V9, Mdp3Templates.SCHEMA_ID, version);
        buffer.putLong(position, transactTime, ByteOrder.LITTLE_ENDIAN);
        position += rootBlockLength;
        groupSize(entryBlockLength, trades.length);
        for (final Trade trade : trades)
        {
            buffer.setMemory(position, entryBlockLength, (byte)0);
            buffer.putLong(position, trade.price(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(position + 8, trade.size(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(position + 12, trade.securityId(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(position + 16, (int)trade.rptSeq(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(position + 20, 1, ByteOrder.LITTLE_ENDIAN);
            buffer.putByte(position + 24, (byte)trade.aggressor());
            buffer.putByte(position + 25, (byte)trade.action());
            buffer.putInt(position + 26, (int)trade.tradeEntryId(), ByteOrder.LITTLE_ENDIAN);
            position += entryBlockLength;
        }
        groupSize8Byte(16, 0);
        return end();
    }

    PacketBuilder book(final long transactTime, final Book... entries)
    {
        begin(ROOT_BLOCK_LENGTH, Mdp3Templates.BOOK_V9, Mdp3Templates.SCHEMA_ID, 9);
        buffer.putLong(position, transactTime, ByteOrder.LITTLE_ENDIAN);
        position += ROOT_BLOCK_LENGTH;
        groupSize(ENTRY_BLOCK_LENGTH, entries.length);
        for (final Book entry : entries)
        {
            buffer.setMemory(position, ENTRY_BLOCK_LENGTH, (byte)0);
            buffer.putLong(position, entry.price(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(position + 8, entry.size(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(position + 12, entry.securityId(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(position + 16, 1, ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(position + 20, 1, ByteOrder.LITTLE_ENDIAN);
            buffer.putByte(position + 24, (byte)entry.level());
            buffer.putByte(position + 25, (byte)entry.action());
            buffer.putByte(position + 26, (byte)entry.type());
            position += ENTRY_BLOCK_LENGTH;
        }
        groupSize8Byte(24, 0);
        return end();
    }

    /**
     * A message of any header and body bytes, its MsgSize computed.
     */
    PacketBuilder message(
        final int blockLength, final int templateId, final int schemaId, final int version, final byte[] body)
    {
        begin(blockLength, templateId, schemaId, version);
        buffer.putBytes(position, body);
        position += body.length;
        return end();
    }

    /**
     * Bytes as they are, e.g. a message with a MsgSize of one's choosing.
     */
    PacketBuilder raw(final byte[] bytes)
    {
        buffer.putBytes(position, bytes);
        position += bytes.length;
        return this;
    }

    /**
     * @return where the next message would start.
     */
    int position()
    {
        return position;
    }

    byte[] build()
    {
        return Arrays.copyOf(buffer.byteArray(), position);
    }

    private void begin(final int blockLength, final int templateId, final int schemaId, final int version)
    {
        messageStart = position;
        buffer.putShort(position + 2, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(position + 4, (short)templateId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(position + 6, (short)schemaId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(position + 8, (short)version, ByteOrder.LITTLE_ENDIAN);
        position += 10;
    }

    private PacketBuilder end()
    {
        buffer.putShort(messageStart, (short)(position - messageStart), ByteOrder.LITTLE_ENDIAN);
        messageStart = -1;
        return this;
    }

    private void groupSize(final int blockLength, final int count)
    {
        buffer.putShort(position, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(position + 2, (byte)count);
        position += 3;
    }

    private void groupSize8Byte(final int blockLength, final int count)
    {
        buffer.putShort(position, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.setMemory(position + 2, 5, (byte)0);
        buffer.putByte(position + 7, (byte)count);
        position += 8;
    }
}
