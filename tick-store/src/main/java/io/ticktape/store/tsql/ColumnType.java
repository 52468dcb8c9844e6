package io.ticktape.store.tsql;

/**
 * Types of result columns. Their codes are what the query service sends in a result schema.
 */
public enum ColumnType
{
    /** Epoch nanoseconds, UTC. */
    TIMESTAMP(1),
    /** Instrument symbol (text). */
    SYMBOL(2),
    /** 64-bit integer. */
    LONG(3),
    /** Exact decimal: a 64-bit mantissa and a per-row power-of-ten exponent (prices). */
    DECIMAL(4),
    /** IEEE 754 double (averages, VWAP, statistics). */
    DOUBLE(5),
    /** True or false. */
    BOOLEAN(6);

    private final int code;

    ColumnType(final int code)
    {
        this.code = code;
    }

    /**
     * @return stable wire code.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a wire code.
     * @return the type, or null for an unknown code.
     */
    public static ColumnType fromCode(final int code)
    {
        for (final ColumnType type : values())
        {
            if (type.code == code)
            {
                return type;
            }
        }
        return null;
    }

    boolean isExact()
    {
        return this == LONG || this == DECIMAL || this == TIMESTAMP;
    }

    boolean isNumeric()
    {
        return this == LONG || this == DECIMAL || this == DOUBLE || this == TIMESTAMP;
    }
}
