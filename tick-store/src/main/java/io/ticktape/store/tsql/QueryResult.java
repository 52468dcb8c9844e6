package io.ticktape.store.tsql;

import io.ticktape.protocol.tick.Prices;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a query, column by column: primitive arrays per column, nulls as a per-row flag. Exact decimals keep
 * their mantissa and exponent per row (symbols may differ in exponent).
 */
public final class QueryResult
{
    private final List<Column> columns;
    private int rowCount;

    QueryResult(final List<Column> columns)
    {
        this.columns = columns;
    }

    /**
     * Build a result from decoded values (the client side of the query service).
     *
     * @param names column names.
     * @param types column types.
     * @return an empty result to {@link #appendRow(Object[])} to.
     */
    public static QueryResult of(final List<String> names, final List<ColumnType> types)
    {
        final List<Column> columns = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++)
        {
            columns.add(new Column(names.get(i), types.get(i)));
        }
        return new QueryResult(columns);
    }

    /**
     * @return number of rows.
     */
    public int rowCount()
    {
        return rowCount;
    }

    /**
     * @return number of columns.
     */
    public int columnCount()
    {
        return columns.size();
    }

    /**
     * @param column index.
     * @return its name (alias, column name or the expression's text).
     */
    public String columnName(final int column)
    {
        return columns.get(column).name;
    }

    /**
     * @param column index.
     * @return its type.
     */
    public ColumnType columnType(final int column)
    {
        return columns.get(column).type;
    }

    /**
     * @param row    index.
     * @param column index.
     * @return true when the cell is null (a fill, a statistic of one value).
     */
    public boolean isNull(final int row, final int column)
    {
        return columns.get(column).nulls[row];
    }

    /**
     * @param row    index.
     * @param column a LONG, TIMESTAMP, BOOLEAN (0/1) or DECIMAL (mantissa) column.
     * @return the raw long.
     */
    public long longValue(final int row, final int column)
    {
        return columns.get(column).longs[row];
    }

    /**
     * @param row    index.
     * @param column a DECIMAL column.
     * @return the row's decimal exponent.
     */
    public int exponent(final int row, final int column)
    {
        return columns.get(column).exponents[row];
    }

    /**
     * @param row    index.
     * @param column a DOUBLE column.
     * @return the double.
     */
    public double doubleValue(final int row, final int column)
    {
        return columns.get(column).doubles[row];
    }

    /**
     * @param row    index.
     * @param column any column.
     * @return the cell as an object: Long (LONG, TIMESTAMP as epoch ns), BigDecimal, Double, String, Boolean or
     * null.
     */
    public Object value(final int row, final int column)
    {
        final Column c = columns.get(column);
        if (c.nulls[row])
        {
            return null;
        }
        switch (c.type)
        {
            case TIMESTAMP:
            case LONG:
                return c.longs[row];
            case DECIMAL:
                return BigDecimal.valueOf(c.longs[row], -c.exponents[row]);
            case DOUBLE:
                return c.doubles[row];
            case BOOLEAN:
                return c.longs[row] != 0;
            default:
                return c.strings[row];
        }
    }

    /**
     * @param row    index.
     * @param column any column.
     * @return the cell as text: ISO-8601 for timestamps, exact decimals, empty for null.
     */
    public String text(final int row, final int column)
    {
        final Column c = columns.get(column);
        if (c.nulls[row])
        {
            return "";
        }
        switch (c.type)
        {
            case TIMESTAMP:
                return timestampText(c.longs[row]);
            case LONG:
                return Long.toString(c.longs[row]);
            case DECIMAL:
                return Prices.toPlain(c.longs[row], c.exponents[row]);
            case DOUBLE:
                return doubleText(c.doubles[row]);
            case BOOLEAN:
                return c.longs[row] != 0 ? "true" : "false";
            default:
                return c.strings[row];
        }
    }

    /**
     * @param epochNs epoch nanoseconds.
     * @return ISO-8601 in UTC, e.g. {@code 2026-01-05T09:30:00Z}.
     */
    public static String timestampText(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
            .toString();
    }

    private static String doubleText(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            return Long.toString((long)value);
        }
        return Double.toString(value);
    }

    /**
     * Append a row of objects as returned by {@link #value(int, int)} (the client side of the query service).
     *
     * @param values one per column.
     */
    public void appendRow(final Object[] values)
    {
        for (int i = 0; i < columns.size(); i++)
        {
            final Column c = columns.get(i);
            final Object v = values[i];
            if (null == v)
            {
                c.appendNull();
            }
            else if (v instanceof BigDecimal d)
            {
                c.appendDecimal(d.unscaledValue().longValueExact(), -d.scale());
            }
            else if (v instanceof Double d)
            {
                c.appendDouble(d);
            }
            else if (v instanceof Boolean b)
            {
                c.appendLong(b ? 1 : 0);
            }
            else if (v instanceof Long l)
            {
                c.appendLong(l);
            }
            else
            {
                c.appendString(v.toString());
            }
        }
        rowCount++;
    }

    List<Column> columns()
    {
        return columns;
    }

    void rowCount(final int rowCount)
    {
        this.rowCount = rowCount;
    }

    /** One growable column. */
    static final class Column
    {
        final String name;
        final ColumnType type;
        long[] longs = new long[16];
        double[] doubles;
        int[] exponents;
        String[] strings;
        boolean[] nulls = new boolean[16];
        int size;

        Column(final String name, final ColumnType type)
        {
            this.name = name;
            this.type = type;
            if (type == ColumnType.DOUBLE)
            {
                doubles = new double[16];
            }
            if (type == ColumnType.DECIMAL)
            {
                exponents = new int[16];
            }
            if (type == ColumnType.SYMBOL)
            {
                strings = new String[16];
            }
        }

        void ensure(final int extra)
        {
            final int needed = size + extra;
            if (needed <= nulls.length)
            {
                return;
            }
            final int capacity = Math.max(needed, nulls.length * 2);
            nulls = Arrays.copyOf(nulls, capacity);
            longs = Arrays.copyOf(longs, capacity);
            if (null != doubles)
            {
                doubles = Arrays.copyOf(doubles, capacity);
            }
            if (null != exponents)
            {
                exponents = Arrays.copyOf(exponents, capacity);
            }
            if (null != strings)
            {
                strings = Arrays.copyOf(strings, capacity);
            }
        }

        void appendNull()
        {
            ensure(1);
            nulls[size++] = true;
        }

        void appendLong(final long value)
        {
            ensure(1);
            longs[size++] = value;
        }

        void appendDecimal(final long mantissa, final int exponent)
        {
            ensure(1);
            if (type == ColumnType.DOUBLE)
            {
                doubles[size++] = mantissa * Decimals.pow10Double(exponent);
                return;
            }
            longs[size] = mantissa;
            if (null != exponents)
            {
                exponents[size] = exponent;
            }
            size++;
        }

        void appendDouble(final double value)
        {
            ensure(1);
            if (null == doubles)
            {
                // A LONG column fed a double only by LINEAR fills of exact aggregates, which are typed DOUBLE.
                longs[size++] = (long)value;
                return;
            }
            doubles[size++] = value;
        }

        void appendString(final String value)
        {
            ensure(1);
            strings[size++] = value;
        }

        void copyRow(final Column from, final int row)
        {
            ensure(1);
            nulls[size] = from.nulls[row];
            longs[size] = from.longs[row];
            if (null != doubles)
            {
                doubles[size] = from.doubles[row];
            }
            if (null != exponents)
            {
                exponents[size] = from.exponents[row];
            }
            if (null != strings)
            {
                strings[size] = from.strings[row];
            }
            size++;
        }
    }
}
