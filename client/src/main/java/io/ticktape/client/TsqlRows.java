package io.ticktape.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A TSQL result as received by {@link TsqlClient}: column names, type codes and rows of objects (Long for LONG and
 * TIMESTAMP (epoch ns), BigDecimal for DECIMAL, Double, String, Boolean, or null).
 */
public final class TsqlRows
{
    /** Type code of epoch-nanosecond timestamps. */
    public static final int TIMESTAMP = 1;
    /** Type code of symbols. */
    public static final int SYMBOL = 2;
    /** Type code of 64-bit integers. */
    public static final int LONG = 3;
    /** Type code of exact decimals. */
    public static final int DECIMAL = 4;
    /** Type code of doubles. */
    public static final int DOUBLE = 5;
    /** Type code of booleans. */
    public static final int BOOLEAN = 6;

    private final List<String> names;
    private final List<Integer> types;
    private final List<Object[]> rows = new ArrayList<>();
    private final long visibleGlobalSeq;

    /**
     * @param names            column names.
     * @param types            column type codes.
     * @param visibleGlobalSeq the last tick the query could see.
     */
    public TsqlRows(final List<String> names, final List<Integer> types, final long visibleGlobalSeq)
    {
        this.names = Collections.unmodifiableList(new ArrayList<>(names));
        this.types = Collections.unmodifiableList(new ArrayList<>(types));
        this.visibleGlobalSeq = visibleGlobalSeq;
    }

    /**
     * @return column names.
     */
    public List<String> names()
    {
        return names;
    }

    /**
     * @return column type codes ({@link #TIMESTAMP}, ...).
     */
    public List<Integer> types()
    {
        return types;
    }

    /**
     * @return the rows, each an array of one value per column.
     */
    public List<Object[]> rows()
    {
        return rows;
    }

    /**
     * @return the highest global sequence the query could see.
     */
    public long visibleGlobalSeq()
    {
        return visibleGlobalSeq;
    }

    void add(final Object[] row)
    {
        rows.add(row);
    }
}
