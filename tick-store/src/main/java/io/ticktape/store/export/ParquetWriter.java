package io.ticktape.store.export;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Parquet file writer, written from the format specification (apache/parquet-format): flat schemas of
 * INT64, DOUBLE and UTF-8 BYTE_ARRAY columns, required or optional; PLAIN values, RLE definition levels,
 * uncompressed, one data page (v1) per column chunk, a row group every {@link #ROWS_PER_GROUP} rows, and the
 * footer's FileMetaData in the Thrift compact protocol. No Hadoop, no dependencies.
 * <pre>
 *  "PAR1" | row group: column chunk (page header, [def levels], values) ... | ... | FileMetaData | len u32 | "PAR1"
 * </pre>
 */
public final class ParquetWriter implements AutoCloseable
{
    /** Rows buffered before a row group is written. */
    public static final int ROWS_PER_GROUP = 1 << 20;

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int TYPE_INT64 = 2;
    private static final int TYPE_DOUBLE = 5;
    private static final int TYPE_BYTE_ARRAY = 6;
    private static final int ENCODING_PLAIN = 0;
    private static final int ENCODING_RLE = 3;

    /**
     * Column value types.
     */
    public enum Type
    {
        /** 64-bit signed integer. */
        INT64(TYPE_INT64),
        /** IEEE double. */
        DOUBLE(TYPE_DOUBLE),
        /** UTF-8 string. */
        STRING(TYPE_BYTE_ARRAY);

        final int physical;

        Type(final int physical)
        {
            this.physical = physical;
        }
    }

    /**
     * A column of the schema.
     *
     * @param name     column name.
     * @param type     value type.
     * @param optional true if it may hold nulls.
     */
    public record Column(String name, Type type, boolean optional)
    {
    }

    private final List<Column> columns;
    private final OutputStream out;
    private final ColumnBuffer[] buffers;
    private final List<RowGroup> rowGroups = new ArrayList<>();
    private long position;
    private long totalRows;
    private int groupRows;

    /**
     * @param file    to create (replaced if it exists).
     * @param columns the schema.
     * @throws IOException if it cannot be created.
     */
    public ParquetWriter(final Path file, final List<Column> columns) throws IOException
    {
        this.columns = List.copyOf(columns);
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        buffers = new ColumnBuffer[columns.size()];
        for (int i = 0; i < buffers.length; i++)
        {
            buffers[i] = new ColumnBuffer();
        }
        write(MAGIC);
    }

    /**
     * @param column index in the schema.
     * @param value  for an INT64 column.
     */
    public void setLong(final int column, final long value)
    {
        final ColumnBuffer b = buffers[column];
        b.defined();
        for (int i = 0; i < 8; i++)
        {
            b.values.write((int)(value >>> (8 * i)));
        }
    }

    /**
     * @param column index in the schema.
     * @param value  for a DOUBLE column.
     */
    public void setDouble(final int column, final double value)
    {
        setLongBits(column, Double.doubleToLongBits(value));
    }

    private void setLongBits(final int column, final long bits)
    {
        setLong(column, bits);
    }

    /**
     * @param column index in the schema.
     * @param value  for a STRING column.
     */
    public void setString(final int column, final String value)
    {
        final ColumnBuffer b = buffers[column];
        b.defined();
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeIntLe(b.values, bytes.length);
        b.values.write(bytes, 0, bytes.length);
    }

    /**
     * @param column index of an optional column.
     */
    public void setNull(final int column)
    {
        if (!columns.get(column).optional())
        {
            throw new IllegalArgumentException("column " + columns.get(column).name() + " is required");
        }
        buffers[column].undefined();
    }

    /**
     * End the current row: every column must have been set (or set null) once.
     *
     * @throws IOException if a full row group cannot be written.
     */
    public void endRow() throws IOException
    {
        groupRows++;
        for (int i = 0; i < buffers.length; i++)
        {
            if (buffers[i].rows != groupRows)
            {
                throw new IllegalStateException("column " + columns.get(i).name() + " not set in row " + totalRows);
            }
        }
        totalRows++;
        if (groupRows == ROWS_PER_GROUP)
        {
            writeRowGroup();
        }
    }

    private void writeRowGroup() throws IOException
    {
        if (groupRows == 0)
        {
            return;
        }
        final RowGroup group = new RowGroup(groupRows);
        for (int i = 0; i < buffers.length; i++)
        {
            final Column column = columns.get(i);
            final ColumnBuffer b = buffers[i];
            final ByteArrayOutputStream page = new ByteArrayOutputStream(b.values.size() + 64);
            if (column.optional())
            {
                final ByteArrayOutputStream levels = b.encodeLevels();
                writeIntLe(page, levels.size());
                levels.writeTo(page);
            }
            b.values.writeTo(page);

            final Thrift header = new Thrift();
            header.structBegin();
            header.i32Field(1, 0); // DATA_PAGE
            header.i32Field(2, page.size());
            header.i32Field(3, page.size());
            header.fieldBegin(Thrift.STRUCT, 5);
            header.structBegin();
            header.i32Field(1, groupRows);
            header.i32Field(2, ENCODING_PLAIN);
            header.i32Field(3, ENCODING_RLE);
            header.i32Field(4, ENCODING_RLE);
            header.structEnd();
            header.structEnd();

            final long offset = position;
            write(header.bytes());
            write(page.toByteArray());
            group.chunks.add(new long[]{ offset, position - offset, b.rows });
            b.reset();
        }
        group.bytes = group.chunks.stream().mapToLong(c -> c[1]).sum();
        rowGroups.add(group);
        groupRows = 0;
    }

    @Override
    public void close() throws IOException
    {
        writeRowGroup();
        final Thrift meta = new Thrift();
        meta.structBegin();
        meta.i32Field(1, 1);
        meta.listField(2, Thrift.STRUCT, columns.size() + 1);
        meta.structBegin();
        meta.binaryField(4, "schema");
        meta.i32Field(5, columns.size());
        meta.structEnd();
        for (final Column column : columns)
        {
            meta.structBegin();
            meta.i32Field(1, column.type().physical);
            meta.i32Field(3, column.optional() ? 1 : 0);
            meta.binaryField(4, column.name());
            if (column.type() == Type.STRING)
            {
                meta.i32Field(6, 0); // UTF8
            }
            meta.structEnd();
        }
        meta.i64Field(3, totalRows);
        meta.listField(4, Thrift.STRUCT, rowGroups.size());
        for (final RowGroup group : rowGroups)
        {
            meta.structBegin();
            meta.listField(1, Thrift.STRUCT, group.chunks.size());
            for (int i = 0; i < group.chunks.size(); i++)
            {
                final long[] chunk = group.chunks.get(i);
                final Column column = columns.get(i);
                meta.structBegin();
                meta.i64Field(2, chunk[0]);
                meta.fieldBegin(Thrift.STRUCT, 3);
                meta.structBegin();
                meta.i32Field(1, column.type().physical);
                meta.listField(2, Thrift.I32, 2);
                meta.varint(Thrift.zigzag(ENCODING_PLAIN));
                meta.varint(Thrift.zigzag(ENCODING_RLE));
                meta.listField(3, Thrift.BINARY, 1);
                meta.binary(column.name());
                meta.i32Field(4, 0); // UNCOMPRESSED
                meta.i64Field(5, chunk[2]);
                meta.i64Field(6, chunk[1]);
                meta.i64Field(7, chunk[1]);
                meta.i64Field(9, chunk[0]);
                meta.structEnd();
                meta.structEnd();
            }
            meta.i64Field(2, group.bytes);
            meta.i64Field(3, group.rows);
            meta.structEnd();
        }
        meta.binaryField(6, "ticktape");
        meta.structEnd();
        final byte[] footer = meta.bytes();
        write(footer);
        final ByteArrayOutputStream length = new ByteArrayOutputStream(4);
        writeIntLe(length, footer.length);
        write(length.toByteArray());
        write(MAGIC);
        out.close();
    }

    private void write(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        position += bytes.length;
    }

    private static void writeIntLe(final ByteArrayOutputStream out, final int value)
    {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }

    private static final class RowGroup
    {
        final long rows;
        final List<long[]> chunks = new ArrayList<>();
        long bytes;

        RowGroup(final long rows)
        {
            this.rows = rows;
        }
    }

    /**
     * One column's values and definition levels for the current row group.
     */
    private static final class ColumnBuffer
    {
        final ByteArrayOutputStream values = new ByteArrayOutputStream(1 << 12);
        byte[] levels = new byte[1024];
        int rows;

        void defined()
        {
            level(1);
        }

        void undefined()
        {
            level(0);
        }

        private void level(final int level)
        {
            if (rows == levels.length)
            {
                levels = java.util.Arrays.copyOf(levels, rows * 2);
            }
            levels[rows++] = (byte)level;
        }

        /**
         * RLE/bit-packing hybrid, bit width 1, as runs only: varint(run length << 1), then the value in one byte.
         */
        ByteArrayOutputStream encodeLevels()
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            int i = 0;
            while (i < rows)
            {
                int j = i;
                while (j < rows && levels[j] == levels[i])
                {
                    j++;
                }
                long header = (long)(j - i) << 1;
                while ((header & ~0x7FL) != 0)
                {
                    out.write((int)((header & 0x7F) | 0x80));
                    header >>>= 7;
                }
                out.write((int)header);
                out.write(levels[i]);
                i = j;
            }
            return out;
        }

        void reset()
        {
            values.reset();
            rows = 0;
        }
    }

    /**
     * Just enough of the Thrift compact protocol to write Parquet's footer and page headers.
     */
    private static final class Thrift
    {
        static final int I32 = 5;
        static final int I64 = 6;
        static final int BINARY = 8;
        static final int LIST = 9;
        static final int STRUCT = 12;

        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        private final int[] lastIds = new int[32];
        private int depth = -1;

        void structBegin()
        {
            lastIds[++depth] = 0;
        }

        void structEnd()
        {
            out.write(0);
            depth--;
        }

        void fieldBegin(final int type, final int id)
        {
            final int delta = id - lastIds[depth];
            if (delta > 0 && delta <= 15)
            {
                out.write((delta << 4) | type);
            }
            else
            {
                out.write(type);
                varint(zigzag(id));
            }
            lastIds[depth] = id;
        }

        void i32Field(final int id, final int value)
        {
            fieldBegin(I32, id);
            varint(zigzag(value));
        }

        void i64Field(final int id, final long value)
        {
            fieldBegin(I64, id);
            varint(zigzag(value));
        }

        void binaryField(final int id, final String value)
        {
            fieldBegin(BINARY, id);
            binary(value);
        }

        void listField(final int id, final int elementType, final int size)
        {
            fieldBegin(LIST, id);
            if (size < 15)
            {
                out.write((size << 4) | elementType);
            }
            else
            {
                out.write(0xF0 | elementType);
                varint(size);
            }
        }

        void binary(final String value)
        {
            final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            out.write(bytes, 0, bytes.length);
        }

        void varint(final long value)
        {
            long v = value;
            while ((v & ~0x7FL) != 0)
            {
                out.write((int)((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int)v);
        }

        static long zigzag(final long value)
        {
            return (value << 1) ^ (value >> 63);
        }

        byte[] bytes()
        {
            return out.toByteArray();
        }
    }
}
