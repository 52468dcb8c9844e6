package io.ticktape.store.imports;

import io.airlift.compress.zstd.ZstdInputStream;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Databento Binary Encoding (DBN) files, versions 1 to 3, plain or zstd-compressed (one or more frames),
 * decoded from the published format (databento/dbn, {@code rust/dbn/src/metadata.rs}, {@code record.rs}).
 * <pre>
 *  "DBN" version(1) | metadata length u32 | dataset char[16] | schema u16 | start u64 | end u64 | limit u64 |
 *  (v1: record_count u64) | stype_in u8 | stype_out u8 | ts_out u8 | (v2+: symbol_cstr_len u16) | padding to
 *  byte 108 | schema_definition_length u32 (+ that many bytes) | symbols | partial | not_found | mappings
 *  records: length u8 (in 4-byte words) | rtype u8 | publisher_id u16 | instrument_id u32 | ts_event u64 | body
 * </pre>
 * All integers are little-endian. Symbol strings are fixed width: 22 bytes in v1, {@code symbol_cstr_len} after.
 */
public final class DbnReader implements AutoCloseable
{
    /** Record type of trades (MBP-0). */
    public static final int RTYPE_MBP_0 = 0x00;
    /** Record type of MBP-1 (top of book, trades included). */
    public static final int RTYPE_MBP_1 = 0x01;
    /** Record type of instrument definitions. */
    public static final int RTYPE_INSTRUMENT_DEF = 0x13;
    /** Record type of 1-minute OHLCV bars. */
    public static final int RTYPE_OHLCV_1M = 0x21;
    /** Databento's null price. */
    public static final long UNDEF_PRICE = Long.MAX_VALUE;
    /** Record header length. */
    public static final int HEADER_LENGTH = 16;

    private static final int V1_SYMBOL_CSTR_LEN = 22;
    private static final int FIXED_METADATA_END = 108 - 8;
    private static final int ZSTD_MAGIC = 0xFD2FB528;
    private static final int MAX_METADATA_LENGTH = 64 * 1024 * 1024;

    private final InputStream in;
    private final byte[] record = new byte[255 * 4];
    private final ByteBuffer recordBuffer = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
    private final Metadata metadata;
    private long recordsRead;
    private long bytesRead;

    /**
     * The metadata header.
     */
    public static final class Metadata
    {
        /** DBN version, 1 to 3. */
        public int version;
        /** Dataset code, e.g. GLBX.MDP3. */
        public String dataset;
        /** Schema id (0 MBO, 1 MBP-1, 4 trades, 6 OHLCV-1m, 9 definition...), 0xFFFF for mixed. */
        public int schema;
        /** Request start, epoch ns. */
        public long startNs;
        /** Request end, epoch ns. */
        public long endNs;
        /** Record limit, 0 for none. */
        public long limit;
        /** v1 only: number of records, or -1 where unknown (u64 max). */
        public long recordCount = -1;
        /** Symbology type of the request's symbols. */
        public int stypeIn;
        /** Symbology type of the mappings' targets (0: instrument id). */
        public int stypeOut;
        /** True when each record carries a trailing ts_out. */
        public boolean tsOut;
        /** Requested symbols. */
        public final List<String> symbols = new ArrayList<>();
        /** Instrument id to raw symbol, from the mappings (when they map to instrument ids). */
        public final Map<Long, String> instrumentSymbols = new HashMap<>();
    }

    /**
     * Open a DBN file.
     *
     * @param file plain or zstd-compressed DBN.
     * @throws DbnFormatException for a file that is not DBN (wrong magic, unsupported version, bad metadata).
     * @throws IOException        if it cannot be read.
     */
    public DbnReader(final Path file) throws IOException
    {
        final InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(4);
        final byte[] magic = raw.readNBytes(4);
        raw.reset();
        final boolean zstd = magic.length == 4 && ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt() ==
            ZSTD_MAGIC;
        in = zstd ? new BufferedInputStream(new ZstdInputStream(raw), 1 << 16) : raw;
        try
        {
            metadata = readMetadata();
        }
        catch (final IOException | RuntimeException ex)
        {
            in.close();
            throw ex instanceof DbnFormatException ? (DbnFormatException)ex :
                new DbnFormatException(file + ": not a readable DBN file (" + ex.getMessage() + ")");
        }
    }

    /**
     * @return the metadata header.
     */
    public Metadata metadata()
    {
        return metadata;
    }

    private Metadata readMetadata() throws IOException
    {
        final byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8 || prefix[0] != 'D' || prefix[1] != 'B' || prefix[2] != 'N')
        {
            if (prefix.length >= 4 && (ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFF0) ==
                0x184D2A50)
            {
                throw new DbnFormatException("legacy DBZ file (before DBN): not supported, convert it with dbn-cli");
            }
            throw new DbnFormatException("not a DBN file: no 'DBN' magic at the start (a metadata-less fragment, " +
                "or another format)");
        }
        final Metadata m = new Metadata();
        m.version = prefix[3];
        if (m.version < 1 || m.version > 3)
        {
            throw new DbnFormatException("unsupported DBN version " + m.version + " (1 to 3 are)");
        }
        final long length = ByteBuffer.wrap(prefix, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
        if (length < FIXED_METADATA_END + 4 || length > MAX_METADATA_LENGTH)
        {
            throw new DbnFormatException("bad DBN metadata length " + length);
        }
        final byte[] bytes = in.readNBytes((int)length);
        if (bytes.length < length)
        {
            throw new DbnFormatException("truncated DBN metadata: " + bytes.length + " of " + length + " bytes");
        }
        bytesRead = 8 + length;
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        m.dataset = cstr(bytes, 0, 16);
        b.position(16);
        m.schema = b.getShort() & 0xFFFF;
        m.startNs = b.getLong();
        m.endNs = b.getLong();
        m.limit = b.getLong();
        if (m.version == 1)
        {
            m.recordCount = b.getLong();
        }
        m.stypeIn = b.get() & 0xFF;
        m.stypeOut = b.get() & 0xFF;
        m.tsOut = b.get() != 0;
        final int cstrLen = m.version == 1 ? V1_SYMBOL_CSTR_LEN : b.getShort() & 0xFFFF;
        if (cstrLen < 1)
        {
            throw new DbnFormatException("bad symbol_cstr_len " + cstrLen);
        }
        b.position(FIXED_METADATA_END);
        final long schemaDefinitionLength = b.getInt() & 0xFFFF_FFFFL;
        b.position(Math.toIntExact(b.position() + schemaDefinitionLength));
        for (final String symbol : symbols(b, cstrLen))
        {
            m.symbols.add(symbol);
        }
        symbols(b, cstrLen);
        symbols(b, cstrLen);
        final long mappings = b.getInt() & 0xFFFF_FFFFL;
        for (long i = 0; i < mappings; i++)
        {
            final String rawSymbol = cstr(b, cstrLen);
            final long intervals = b.getInt() & 0xFFFF_FFFFL;
            for (long j = 0; j < intervals; j++)
            {
                b.getInt();
                b.getInt();
                final String target = cstr(b, cstrLen);
                if (m.stypeOut == 0 && !target.isEmpty())
                {
                    try
                    {
                        m.instrumentSymbols.putIfAbsent(Long.parseLong(target), rawSymbol);
                    }
                    catch (final NumberFormatException ignore)
                    {
                        // A target that is not an instrument id: no mapping from it.
                    }
                }
            }
        }
        return m;
    }

    private static List<String> symbols(final ByteBuffer b, final int cstrLen) throws DbnFormatException
    {
        final long count = b.getInt() & 0xFFFF_FFFFL;
        if (count * cstrLen > b.remaining())
        {
            throw new DbnFormatException("bad symbol count " + count);
        }
        final List<String> list = new ArrayList<>();
        for (long i = 0; i < count; i++)
        {
            list.add(cstr(b, cstrLen));
        }
        return list;
    }

    private static String cstr(final ByteBuffer b, final int length)
    {
        final byte[] bytes = new byte[length];
        b.get(bytes);
        return cstr(bytes, 0, length);
    }

    private static String cstr(final byte[] bytes, final int offset, final int length)
    {
        int end = offset;
        while (end < offset + length && bytes[end] != 0)
        {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.US_ASCII);
    }

    /**
     * Read the next record into {@link #record()}.
     *
     * @return false at the end of the file.
     * @throws DbnFormatException for a truncated or malformed record (the file cannot be read past it).
     * @throws IOException        if the file cannot be read.
     */
    public boolean next() throws IOException
    {
        final int first = in.read();
        if (first < 0)
        {
            return false;
        }
        final int length = first * 4;
        if (length < HEADER_LENGTH)
        {
            throw new DbnFormatException("record " + (recordsRead + 1) + " at byte " + bytesRead + ": length " +
                length + " is shorter than a record header");
        }
        record[0] = (byte)first;
        final int n = in.readNBytes(record, 1, length - 1);
        if (n < length - 1)
        {
            throw new DbnFormatException("record " + (recordsRead + 1) + " at byte " + bytesRead + " is truncated: " +
                (n + 1) + " of " + length + " bytes", new EOFException());
        }
        bytesRead += length;
        recordsRead++;
        recordBuffer.limit(length);
        return true;
    }

    /**
     * @return the current record, little-endian, limit at its length; reused by {@link #next()}.
     */
    public ByteBuffer record()
    {
        return recordBuffer;
    }

    /**
     * @return the current record's type.
     */
    public int rtype()
    {
        return record[1] & 0xFF;
    }

    /**
     * @return the current record's instrument id (unsigned).
     */
    public long instrumentId()
    {
        return recordBuffer.getInt(4) & 0xFFFF_FFFFL;
    }

    /**
     * @return the current record's event time, epoch ns.
     */
    public long tsEvent()
    {
        return recordBuffer.getLong(8);
    }

    /**
     * @return records read so far.
     */
    public long recordsRead()
    {
        return recordsRead;
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }

    /**
     * A file or record that does not follow the DBN format.
     */
    public static final class DbnFormatException extends IOException
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what is wrong and where.
         */
        public DbnFormatException(final String message)
        {
            super(message);
        }

        /**
         * @param message what is wrong and where.
         * @param cause   underlying failure.
         */
        public DbnFormatException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }
}
