package io.ticktape.store.history;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes one block of rows of one symbol: a header with the block's time and sequence range (so scans
 * skip blocks outside a time range without decoding them) followed by each column's encoded stream, one column
 * after the other (a PAX layout: columnar inside the block, blocks appended to the file).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      magic 'TTB1'                             |
 *  |                      block length (header included)           |
 *  |                      row count                                |
 *  |                      CRC32C of bytes [16, block length)       |
 *  |                      min ts (8)                               |
 *  |                      max ts (8)                               |
 *  |                      first (lowest) global seq (8)            |
 *  |                      last (highest) global seq (8)            |
 *  |                      flags          |       reserved          |
 *  +---------------------------------------------------------------+
 *  | ts column:  first ts (8), then zig-zag varint delta-of-deltas |
 *  | seq column: first seq (8), then zig-zag varint deltas         |
 *  | price columns: first (8), varint tick (GCD of the deltas),    |
 *  |                then zig-zag varint deltas in ticks            |
 *  | size columns: zig-zag varints                                 |
 *  | side column (trades): 2 bits a row, or a byte a row (flag)    |
 *  +---------------------------------------------------------------+
 * </pre>
 * Rows are in (ts, globalSeq) order within a block. Arithmetic wraps, so any long round-trips exactly.
 */
final class BlockCodec
{
    static final int MAGIC = 0x31425454; // "TTB1" little-endian
    static final int HEADER_LENGTH = 56;
    static final int LENGTH_OFFSET = 4;
    static final int COUNT_OFFSET = 8;
    static final int CRC_OFFSET = 12;
    static final int MIN_TS_OFFSET = 16;
    static final int MAX_TS_OFFSET = 24;
    static final int FIRST_SEQ_OFFSET = 32;
    static final int LAST_SEQ_OFFSET = 40;
    static final int FLAGS_OFFSET = 48;
    static final int FLAG_RAW_SIDE = 1;
    /** Longest a row can encode to: ts, seq, four values at 10 bytes each, one side byte. */
    static final int MAX_ROW_LENGTH = 6 * 10 + 1;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final CRC32C crc = new CRC32C();
    private final long[] cursor = new long[1];
    private byte[] crcScratch = new byte[1 << 16];

    /**
     * Encode rows {@code [0, count)} of a row set.
     *
     * @param rows   the rows, sorted by (ts, seq).
     * @param count  rows to encode, at least 1.
     * @param buffer to write into, at least {@link #maxLength(int)} from offset.
     * @param offset where the block starts.
     * @return the block length.
     */
    int encode(final Rows rows, final int count, final MutableDirectBuffer buffer, final int offset)
    {
        int pos = offset + HEADER_LENGTH;
        final long[] ts = rows.ts;
        final long[] seq = rows.seq;

        buffer.putLong(pos, ts[0], LE);
        pos += 8;
        long prev = ts[0];
        long prevDelta = 0;
        long minTs = ts[0];
        long maxTs = ts[0];
        for (int i = 1; i < count; i++)
        {
            final long delta = ts[i] - prev;
            pos = putVarLong(buffer, pos, zigzag(delta - prevDelta));
            prevDelta = delta;
            prev = ts[i];
            minTs = Math.min(minTs, ts[i]);
            maxTs = Math.max(maxTs, ts[i]);
        }

        buffer.putLong(pos, seq[0], LE);
        pos += 8;
        long minSeq = seq[0];
        long maxSeq = seq[0];
        for (int i = 1; i < count; i++)
        {
            pos = putVarLong(buffer, pos, zigzag(seq[i] - seq[i - 1]));
            minSeq = Math.min(minSeq, seq[i]);
            maxSeq = Math.max(maxSeq, seq[i]);
        }

        final int columns = rows.kind.valueColumns;
        for (int c = 0; c < columns; c++)
        {
            final long[] values = rows.values[c];
            if (rows.kind.isPrice(c))
            {
                pos = encodePrices(values, count, buffer, pos);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    pos = putVarLong(buffer, pos, zigzag(values[i]));
                }
            }
        }

        int flags = 0;
        if (rows.kind == Rows.Kind.TRADES)
        {
            final byte[] side = rows.side;
            boolean small = true;
            for (int i = 0; i < count; i++)
            {
                small &= (side[i] & 0xFF) <= 3;
            }
            if (small)
            {
                for (int i = 0; i < count; i += 4)
                {
                    int packed = 0;
                    for (int j = 0; j < 4 && i + j < count; j++)
                    {
                        packed |= (side[i + j] & 3) << (2 * j);
                    }
                    buffer.putByte(pos++, (byte)packed);
                }
            }
            else
            {
                flags |= FLAG_RAW_SIDE;
                for (int i = 0; i < count; i++)
                {
                    buffer.putByte(pos++, side[i]);
                }
            }
        }

        final int length = pos - offset;
        buffer.putInt(offset, MAGIC, LE);
        buffer.putInt(offset + LENGTH_OFFSET, length, LE);
        buffer.putInt(offset + COUNT_OFFSET, count, LE);
        buffer.putLong(offset + MIN_TS_OFFSET, minTs, LE);
        buffer.putLong(offset + MAX_TS_OFFSET, maxTs, LE);
        buffer.putLong(offset + FIRST_SEQ_OFFSET, minSeq, LE);
        buffer.putLong(offset + LAST_SEQ_OFFSET, maxSeq, LE);
        buffer.putInt(offset + FLAGS_OFFSET, flags, LE);
        buffer.putInt(offset + FLAGS_OFFSET + 4, 0, LE);
        buffer.putInt(offset + CRC_OFFSET, crc(buffer, offset, length), LE);
        return length;
    }

    /**
     * Check a block's header and checksum, e.g. after a crash.
     *
     * @param buffer    holding the block.
     * @param offset    where it starts.
     * @param available bytes available from offset.
     * @return the block length, or -1 if it is not a whole, intact block.
     */
    int validate(final DirectBuffer buffer, final int offset, final long available)
    {
        if (available < HEADER_LENGTH || buffer.getInt(offset, LE) != MAGIC)
        {
            return -1;
        }
        final int length = buffer.getInt(offset + LENGTH_OFFSET, LE);
        final int count = buffer.getInt(offset + COUNT_OFFSET, LE);
        if (length < HEADER_LENGTH + 16 || length > available || count < 1 || count > length)
        {
            return -1;
        }
        return crc(buffer, offset, length) == buffer.getInt(offset + CRC_OFFSET, LE) ? length : -1;
    }

    /**
     * Decode a block into rows (capacity grown as needed).
     *
     * @param buffer holding a validated block.
     * @param offset where it starts.
     * @param rows   to fill from row 0.
     * @return rows decoded.
     */
    int decode(final DirectBuffer buffer, final int offset, final Rows rows)
    {
        final int count = buffer.getInt(offset + COUNT_OFFSET, LE);
        final int flags = buffer.getInt(offset + FLAGS_OFFSET, LE);
        rows.ensureCapacity(count);
        final long[] ts = rows.ts;
        final long[] seq = rows.seq;
        cursor[0] = offset + HEADER_LENGTH;

        ts[0] = buffer.getLong((int)cursor[0], LE);
        cursor[0] += 8;
        long delta = 0;
        for (int i = 1; i < count; i++)
        {
            delta += unzigzag(getVarLong(buffer, cursor));
            ts[i] = ts[i - 1] + delta;
        }

        seq[0] = buffer.getLong((int)cursor[0], LE);
        cursor[0] += 8;
        for (int i = 1; i < count; i++)
        {
            seq[i] = seq[i - 1] + unzigzag(getVarLong(buffer, cursor));
        }

        for (int c = 0; c < rows.kind.valueColumns; c++)
        {
            final long[] values = rows.values[c];
            if (rows.kind.isPrice(c))
            {
                values[0] = buffer.getLong((int)cursor[0], LE);
                cursor[0] += 8;
                final long tick = getVarLong(buffer, cursor);
                for (int i = 1; i < count; i++)
                {
                    values[i] = values[i - 1] + unzigzag(getVarLong(buffer, cursor)) * tick;
                }
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    values[i] = unzigzag(getVarLong(buffer, cursor));
                }
            }
        }

        if (rows.kind == Rows.Kind.TRADES)
        {
            final byte[] side = rows.side;
            int pos = (int)cursor[0];
            if ((flags & FLAG_RAW_SIDE) != 0)
            {
                for (int i = 0; i < count; i++)
                {
                    side[i] = buffer.getByte(pos++);
                }
            }
            else
            {
                for (int i = 0; i < count; i += 4)
                {
                    final int packed = buffer.getByte(pos++) & 0xFF;
                    for (int j = 0; j < 4 && i + j < count; j++)
                    {
                        side[i + j] = (byte)((packed >>> (2 * j)) & 3);
                    }
                }
            }
        }
        rows.count = count;
        return count;
    }

    /**
     * @param rows number of rows.
     * @return the most bytes a block of that many rows can take.
     */
    static int maxLength(final int rows)
    {
        return HEADER_LENGTH + 8 * 4 + rows * MAX_ROW_LENGTH + 64;
    }

    private static int encodePrices(final long[] values, final int count, final MutableDirectBuffer buffer, int pos)
    {
        buffer.putLong(pos, values[0], LE);
        pos += 8;
        long tick = 0;
        for (int i = 1; i < count; i++)
        {
            tick = gcd(tick, values[i] - values[i - 1]);
        }
        if (tick <= 0)
        {
            // All equal (0), or a delta of Long.MIN_VALUE whose magnitude is not a long: plain deltas then.
            tick = 1;
        }
        pos = putVarLong(buffer, pos, tick);
        for (int i = 1; i < count; i++)
        {
            pos = putVarLong(buffer, pos, zigzag((values[i] - values[i - 1]) / tick));
        }
        return pos;
    }

    static long gcd(final long a, final long b)
    {
        if (b == Long.MIN_VALUE || a < 0)
        {
            return -1;
        }
        long x = a;
        long y = Math.abs(b);
        while (y != 0)
        {
            final long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }

    private int crc(final DirectBuffer buffer, final int offset, final int length)
    {
        final int n = length - MIN_TS_OFFSET;
        if (crcScratch.length < n)
        {
            crcScratch = new byte[Math.max(n, crcScratch.length * 2)];
        }
        buffer.getBytes(offset + MIN_TS_OFFSET, crcScratch, 0, n);
        crc.reset();
        crc.update(crcScratch, 0, n);
        return (int)crc.getValue();
    }

    static long zigzag(final long value)
    {
        return (value << 1) ^ (value >> 63);
    }

    static long unzigzag(final long value)
    {
        return (value >>> 1) ^ -(value & 1);
    }

    static int putVarLong(final MutableDirectBuffer buffer, final int offset, final long value)
    {
        int pos = offset;
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            buffer.putByte(pos++, (byte)((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.putByte(pos++, (byte)v);
        return pos;
    }

    static long getVarLong(final DirectBuffer buffer, final long[] cursor)
    {
        int pos = (int)cursor[0];
        long result = 0;
        int shift = 0;
        while (true)
        {
            final byte b = buffer.getByte(pos++);
            result |= (long)(b & 0x7F) << shift;
            if (b >= 0 || shift >= 63)
            {
                break;
            }
            shift += 7;
        }
        cursor[0] = pos;
        return result;
    }
}
