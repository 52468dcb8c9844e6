package io.ticktape.store.history;

/**
 * Rows of one symbol in columns, kept sorted by (ts, globalSeq): the builder's pending (not yet sealed) rows, and
 * the reader's decode target.
 */
final class Rows
{
    /**
     * Tables of the history tier and their value columns (after ts and globalSeq).
     */
    enum Kind
    {
        /** price, size (and the side column). */
        TRADES("trades", 2, new boolean[]{ true, false }),
        /** bid price, bid size, ask price, ask size. */
        QUOTES("quotes", 4, new boolean[]{ true, false, true, false });

        final String folder;
        final int valueColumns;
        private final boolean[] price;

        Kind(final String folder, final int valueColumns, final boolean[] price)
        {
            this.folder = folder;
            this.valueColumns = valueColumns;
            this.price = price;
        }

        boolean isPrice(final int column)
        {
            return price[column];
        }
    }

    final Kind kind;
    int count;
    long[] ts;
    long[] seq;
    final long[][] values;
    byte[] side;

    Rows(final Kind kind, final int capacity)
    {
        this.kind = kind;
        ts = new long[capacity];
        seq = new long[capacity];
        values = new long[kind.valueColumns][capacity];
        side = new byte[capacity];
    }

    int capacity()
    {
        return ts.length;
    }

    void ensureCapacity(final int capacity)
    {
        if (capacity > ts.length || capacity > side.length)
        {
            final int n = Math.max(capacity, ts.length * 2);
            ts = java.util.Arrays.copyOf(ts, n);
            seq = java.util.Arrays.copyOf(seq, n);
            for (int c = 0; c < values.length; c++)
            {
                values[c] = java.util.Arrays.copyOf(values[c], n);
            }
            side = java.util.Arrays.copyOf(side, n);
        }
    }

    /**
     * Insert a row keeping (ts, seq) order: rows arrive in seq order, so it goes after every row with ts at or
     * below its own; in-order rows (the usual case) append without moving anything.
     *
     * @param rowTs  exchange time.
     * @param rowSeq global sequence, above every row's so far.
     * @param v0     first value column.
     * @param v1     second value column.
     * @param v2     third value column (quotes).
     * @param v3     fourth value column (quotes).
     * @param rowSide aggressor side (trades).
     */
    void insert(
        final long rowTs, final long rowSeq, final long v0, final long v1, final long v2, final long v3,
        final byte rowSide)
    {
        ensureCapacity(count + 1);
        int at = count;
        while (at > 0 && ts[at - 1] > rowTs)
        {
            at--;
        }
        if (at < count)
        {
            final int moved = count - at;
            System.arraycopy(ts, at, ts, at + 1, moved);
            System.arraycopy(seq, at, seq, at + 1, moved);
            for (final long[] column : values)
            {
                System.arraycopy(column, at, column, at + 1, moved);
            }
            System.arraycopy(side, at, side, at + 1, moved);
        }
        ts[at] = rowTs;
        seq[at] = rowSeq;
        values[0][at] = v0;
        values[1][at] = v1;
        if (kind == Kind.QUOTES)
        {
            values[2][at] = v2;
            values[3][at] = v3;
        }
        side[at] = rowSide;
        count++;
    }

    void clear()
    {
        count = 0;
    }
}
