package io.ticktape.store.history;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One memory-mapped column file: the rows of one symbol, one table (trades or quotes), one day. Sealed blocks are
 * appended and never change. Rows not yet in a sealed block follow the last one as a tail of fixed-width raw rows,
 * each with its own checksum, appended on every flush and published by a release store of the tail length, so that
 * readers in this or another process see the newest rows within a flush interval. When the tail reaches a block's
 * worth of rows it is encoded into a sealed block written over it, under a seqlock, so a reader never mixes the
 * two.
 * <pre>
 *  raw trade row: ts (8) | seq (8) | price (8) | size (8) | side (1) | pad (3) | CRC32C of the 36 bytes before (4)
 *  raw quote row: ts (8) | seq (8) | bid (8) | bid size (8) | ask (8) | ask size (8) | pad (4) | CRC32C (4)
 * </pre>
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 magic 'TTCOL001' (8)                          |
 *  |                 table kind         |       reserved           |
 *  |                 sealed length: end of the last sealed block (8)|
 *  |                 tail version: odd while the tail changes (8)  |
 *  |                 tail length (8)                               |
 *  |                 highest global seq in the file (8)            |
 *  |                 reserved (16)                                 |
 *  +---------------------------------------------------------------+
 *  |  sealed block | sealed block | ... | tail block | (free)      |
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class ColumnFile
{
    static final long MAGIC = 0x3130304C4F435454L; // "TTCOL001" little-endian
    static final int HEADER_LENGTH = 64;
    static final int KIND_OFFSET = 8;
    static final int SEALED_OFFSET = 16;
    static final int VERSION_OFFSET = 24;
    static final int TAIL_LENGTH_OFFSET = 32;
    static final int LAST_SEQ_OFFSET = 40;
    static final long INITIAL_CAPACITY = 64 * 1024;
    static final int MAX_SNAPSHOT_ATTEMPTS = 100_000;
    static final int TRADE_ROW_LENGTH = 40;
    static final int QUOTE_ROW_LENGTH = 56;

    static int rowLength(final Rows.Kind kind)
    {
        return kind == Rows.Kind.TRADES ? TRADE_ROW_LENGTH : QUOTE_ROW_LENGTH;
    }

    /**
     * Write one raw tail row.
     */
    static void putRow(
        final org.agrona.MutableDirectBuffer buffer, final int offset, final Rows.Kind kind, final long ts,
        final long seq, final long v0, final long v1, final long v2, final long v3, final byte side,
        final java.util.zip.CRC32C crc)
    {
        buffer.putLong(offset, ts, LE);
        buffer.putLong(offset + 8, seq, LE);
        buffer.putLong(offset + 16, v0, LE);
        buffer.putLong(offset + 24, v1, LE);
        final int crcOffset;
        if (kind == Rows.Kind.TRADES)
        {
            buffer.putInt(offset + 32, side & 0xFF, LE);
            crcOffset = offset + 36;
        }
        else
        {
            buffer.putLong(offset + 32, v2, LE);
            buffer.putLong(offset + 40, v3, LE);
            buffer.putInt(offset + 48, 0, LE);
            crcOffset = offset + 52;
        }
        buffer.putInt(crcOffset, rowCrc(buffer, offset, crcOffset - offset, crc), LE);
    }

    /**
     * Read raw tail rows into rows (kept in (ts, seq) order), stopping at the first that is not intact.
     *
     * @return rows read.
     */
    static int readRows(
        final org.agrona.DirectBuffer buffer, final int offset, final int length, final Rows.Kind kind,
        final Rows rows, final java.util.zip.CRC32C crc)
    {
        final int rowLength = rowLength(kind);
        final int crcAt = rowLength - 4;
        int read = 0;
        long lastSeq = Long.MIN_VALUE;
        for (int p = offset; p + rowLength <= offset + length; p += rowLength)
        {
            final long seq = buffer.getLong(p + 8, LE);
            if (buffer.getInt(p + crcAt, LE) != rowCrc(buffer, p, crcAt, crc) || seq <= lastSeq)
            {
                break;
            }
            lastSeq = seq;
            final long ts = buffer.getLong(p, LE);
            if (kind == Rows.Kind.TRADES)
            {
                rows.insert(ts, seq, buffer.getLong(p + 16, LE), buffer.getLong(p + 24, LE), 0, 0,
                    buffer.getByte(p + 32));
            }
            else
            {
                rows.insert(ts, seq, buffer.getLong(p + 16, LE), buffer.getLong(p + 24, LE),
                    buffer.getLong(p + 32, LE), buffer.getLong(p + 40, LE), (byte)0);
            }
            read++;
        }
        return read;
    }

    private static int rowCrc(
        final org.agrona.DirectBuffer buffer, final int offset, final int length, final java.util.zip.CRC32C crc)
    {
        crc.reset();
        for (int i = 0; i < length; i++)
        {
            crc.update(buffer.getByte(offset + i));
        }
        return (int)crc.getValue();
    }

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private ColumnFile()
    {
    }

    /**
     * The builder's side of a column file: the single writer.
     */
    static final class Writer implements AutoCloseable
    {
        private final Path path;
        private final Rows.Kind kind;
        private final int blockRows;
        private final BlockCodec codec;
        private final UnsafeBuffer scratch;
        private final Rows pending;
        private final int rowLength;
        private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        private final UnsafeBuffer staged;
        private int stagedLength;
        private long tailLength;
        private RandomAccessFile file;
        private MappedByteBuffer mapped;
        private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        private long capacity;
        private long sealedLength;
        private long version;
        private long lastSeq;
        private long sealedRows;
        private boolean dirty;
        private boolean repaired;
        /** On the builder's list of files to flush. */
        boolean queued;

        /**
         * Open or create a column file, checking every block: a torn tail (a crash mid-write) is cut off and
         * {@link #repaired()} says so, so that the builder re-reads the journal to put those rows back.
         */
        Writer(final Path path, final Rows.Kind kind, final int blockRows, final BlockCodec codec,
            final UnsafeBuffer scratch)
        {
            this.path = path;
            this.kind = kind;
            this.blockRows = blockRows;
            this.codec = codec;
            this.scratch = scratch;
            this.pending = new Rows(kind, blockRows);
            this.rowLength = rowLength(kind);
            this.staged = new UnsafeBuffer(new byte[blockRows * rowLength]);
            try
            {
                Files.createDirectories(path.getParent());
                final boolean existed = Files.exists(path) && Files.size(path) >= HEADER_LENGTH;
                file = new RandomAccessFile(path.toFile(), "rw");
                capacity = Math.max(INITIAL_CAPACITY, file.length());
                map();
                if (existed && buffer.getLong(0, LE) == MAGIC && buffer.getInt(KIND_OFFSET, LE) == kind.ordinal())
                {
                    recover();
                }
                else
                {
                    repaired = existed;
                    buffer.setMemory(0, HEADER_LENGTH, (byte)0);
                    buffer.putInt(KIND_OFFSET, kind.ordinal(), LE);
                    buffer.putLong(SEALED_OFFSET, HEADER_LENGTH, LE);
                    buffer.putLongVolatile(0, MAGIC);
                    sealedLength = HEADER_LENGTH;
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot open column file " + path, ex);
            }
        }

        private void recover()
        {
            long position = HEADER_LENGTH;
            final long sealed = Math.min(buffer.getLong(SEALED_OFFSET, LE), capacity);
            while (position < sealed)
            {
                final int length = codec.validate(buffer, (int)position, sealed - position);
                if (length < 0)
                {
                    repaired = true;
                    break;
                }
                lastSeq = Math.max(lastSeq, buffer.getLong((int)position + BlockCodec.LAST_SEQ_OFFSET, LE));
                sealedRows += buffer.getInt((int)position + BlockCodec.COUNT_OFFSET, LE);
                position += length;
            }
            sealedLength = position;
            final long claimedTail = buffer.getLong(TAIL_LENGTH_OFFSET, LE);
            version = buffer.getLong(VERSION_OFFSET, LE);
            if ((version & 1) != 0)
            {
                version++;
                repaired = true;
            }
            tailLength = 0;
            if (!repaired && claimedTail > 0)
            {
                final long available = Math.min(claimedTail, Math.min(capacity - sealedLength,
                    (long)blockRows * rowLength));
                final int rows = readRows(buffer, (int)sealedLength, (int)available, kind, pending, crc);
                tailLength = (long)rows * rowLength;
                repaired = tailLength != claimedTail;
                for (int i = 0; i < pending.count; i++)
                {
                    lastSeq = Math.max(lastSeq, pending.seq[i]);
                }
            }
            buffer.putLong(SEALED_OFFSET, sealedLength, LE);
            buffer.putLong(TAIL_LENGTH_OFFSET, tailLength, LE);
            buffer.putLong(VERSION_OFFSET, version, LE);
            buffer.putLong(LAST_SEQ_OFFSET, lastSeq, LE);
            if (pending.count >= blockRows)
            {
                seal();
            }
        }

        boolean repaired()
        {
            return repaired;
        }

        long lastSeq()
        {
            return lastSeq;
        }

        long rows()
        {
            return sealedRows + pending.count;
        }

        long bytes()
        {
            return sealedLength + tailLength;
        }

        boolean dirty()
        {
            return dirty;
        }

        /**
         * Add a row unless the file already has it (a re-read of the journal after a restart).
         *
         * @return true if added.
         */
        boolean append(
            final long ts, final long seq, final long v0, final long v1, final long v2, final long v3, final byte side)
        {
            if (seq <= lastSeq)
            {
                return false;
            }
            pending.insert(ts, seq, v0, v1, v2, v3, side);
            putRow(staged, stagedLength, kind, ts, seq, v0, v1, v2, v3, side, crc);
            stagedLength += rowLength;
            lastSeq = seq;
            dirty = true;
            if (pending.count >= blockRows)
            {
                seal();
            }
            return true;
        }

        /**
         * Make pending rows visible to readers: rows staged since the last flush are appended to the tail.
         */
        void flush()
        {
            if (!dirty)
            {
                return;
            }
            if (stagedLength > 0)
            {
                ensureCapacity(sealedLength + tailLength + stagedLength);
                buffer.putBytes((int)(sealedLength + tailLength), staged, 0, stagedLength);
                tailLength += stagedLength;
                stagedLength = 0;
                buffer.putLongRelease(LAST_SEQ_OFFSET, lastSeq);
                buffer.putLongRelease(TAIL_LENGTH_OFFSET, tailLength);
            }
            dirty = false;
        }

        private void seal()
        {
            final int length = codec.encode(pending, pending.count, scratch, 0);
            ensureCapacity(sealedLength + length);
            beginWrite();
            buffer.putBytes((int)sealedLength, scratch, 0, length);
            sealedLength += length;
            tailLength = 0;
            buffer.putLong(SEALED_OFFSET, sealedLength, LE);
            buffer.putLong(TAIL_LENGTH_OFFSET, 0, LE);
            buffer.putLong(LAST_SEQ_OFFSET, lastSeq, LE);
            endWrite();
            sealedRows += pending.count;
            pending.clear();
            stagedLength = 0;
            dirty = false;
        }

        private void beginWrite()
        {
            version++;
            buffer.putLongVolatile(VERSION_OFFSET, version);
        }

        private void endWrite()
        {
            version++;
            buffer.putLongVolatile(VERSION_OFFSET, version);
        }

        private void ensureCapacity(final long required)
        {
            if (required <= capacity)
            {
                return;
            }
            if (required > Integer.MAX_VALUE)
            {
                throw new IllegalStateException("column file over 2 GiB: " + path);
            }
            long newCapacity = capacity;
            while (newCapacity < required)
            {
                newCapacity *= 2;
            }
            capacity = Math.min(newCapacity, Integer.MAX_VALUE);
            IoUtil.unmap(mapped);
            map();
        }

        private void map()
        {
            try
            {
                if (file.length() < capacity)
                {
                    file.setLength(capacity);
                }
                mapped = file.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, capacity);
                buffer.wrap(mapped);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot map column file " + path, ex);
            }
        }

        @Override
        public void close()
        {
            flush();
            if (pending.count > 0)
            {
                // At rest everything is compressed: the tail becomes a (short) sealed block.
                seal();
            }
            if (null != mapped)
            {
                mapped.force();
                IoUtil.unmap(mapped);
                mapped = null;
            }
            try
            {
                file.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * A reader's view of a column file: sealed blocks read in place, the tail copied out under the seqlock.
     */
    static final class Reader implements AutoCloseable
    {
        private final Path path;
        private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        private MappedByteBuffer mapped;
        private long mappedLength;
        private FileChannel channel;
        /** Snapshot: end of the sealed blocks. */
        long sealedLength;
        /** Snapshot: length of the tail block copied into {@link #tail}, 0 when none. */
        int tailLength;
        /** Snapshot: copy of the raw tail rows. */
        final UnsafeBuffer tail = new UnsafeBuffer(new byte[4096]);
        /** Sealed blocks before this offset have passed their checksum (they never change once sealed). */
        long validatedTo = HEADER_LENGTH;

        Reader(final Path path)
        {
            this.path = path;
            try
            {
                channel = FileChannel.open(path);
                remap();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot open column file " + path, ex);
            }
        }

        UnsafeBuffer buffer()
        {
            return buffer;
        }

        /**
         * Take a consistent snapshot of what the writer has made visible.
         *
         * @return false if the file is not (yet) a column file.
         */
        boolean snapshot()
        {
            try
            {
                if (mappedLength < HEADER_LENGTH || buffer.getLongVolatile(0) != MAGIC)
                {
                    remap();
                    if (mappedLength < HEADER_LENGTH || buffer.getLongVolatile(0) != MAGIC)
                    {
                        return false;
                    }
                }
                // Bounded: a writer that died inside the seqlock, or a damaged header, must not hang a query.
                for (int attempt = 0; attempt < MAX_SNAPSHOT_ATTEMPTS; attempt++)
                {
                    if (attempt > 100)
                    {
                        Thread.yield();
                    }
                    final long before = buffer.getLongVolatile(VERSION_OFFSET);
                    if ((before & 1) != 0)
                    {
                        Thread.onSpinWait();
                        continue;
                    }
                    final long sealed = buffer.getLongVolatile(SEALED_OFFSET);
                    final long tailLen = buffer.getLongVolatile(TAIL_LENGTH_OFFSET);
                    if (sealed < HEADER_LENGTH || tailLen < 0 || sealed + tailLen > Integer.MAX_VALUE)
                    {
                        continue;
                    }
                    if (sealed + tailLen > mappedLength)
                    {
                        remap();
                        if (sealed + tailLen > mappedLength)
                        {
                            continue;
                        }
                    }
                    if (tail.capacity() < tailLen)
                    {
                        tail.wrap(new byte[(int)Math.max(tailLen, tail.capacity() * 2L)]);
                    }
                    if (tailLen > 0)
                    {
                        tail.putBytes(0, buffer, (int)sealed, (int)tailLen);
                    }
                    VarHandle.acquireFence();
                    if (buffer.getLongVolatile(VERSION_OFFSET) == before)
                    {
                        sealedLength = sealed;
                        tailLength = (int)tailLen;
                        return true;
                    }
                }
                return false;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read column file " + path, ex);
            }
        }

        private void remap() throws IOException
        {
            final long size = Math.min(channel.size(), Integer.MAX_VALUE);
            if (size == mappedLength)
            {
                return;
            }
            if (null != mapped)
            {
                IoUtil.unmap(mapped);
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            buffer.wrap(mapped);
            mappedLength = size;
        }

        @Override
        public void close()
        {
            if (null != mapped)
            {
                IoUtil.unmap(mapped);
                mapped = null;
            }
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
