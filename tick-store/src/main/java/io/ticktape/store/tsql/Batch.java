package io.ticktape.store.tsql;

/**
 * Column vectors of consecutive rows of one symbol, as a query's operators see them: rows {@code [0, n)}, long
 * columns (times, sequence numbers, mantissas, sizes) and double columns by the source's column ids. Arrays may
 * be the history view's own: never written to.
 */
final class Batch
{
    int n;
    final long[][] longs;
    final double[][] doubles;

    Batch(final int longColumns, final int doubleColumns)
    {
        longs = new long[longColumns][];
        doubles = new double[doubleColumns][];
    }

    /**
     * Gather the selected rows of used columns into this batch's own arrays.
     */
    void compactFrom(final Batch from, final boolean[] keep, final boolean[] usedLong, final boolean[] usedDouble)
    {
        int count = 0;
        for (int i = 0; i < from.n; i++)
        {
            if (keep[i])
            {
                count++;
            }
        }
        for (int c = 0; c < longs.length; c++)
        {
            if (!usedLong[c] || null == from.longs[c])
            {
                continue;
            }
            if (null == longs[c] || longs[c].length < count)
            {
                longs[c] = new long[Math.max(count, from.n)];
            }
            final long[] src = from.longs[c];
            final long[] dst = longs[c];
            int j = 0;
            for (int i = 0; i < from.n; i++)
            {
                dst[j] = src[i];
                j += keep[i] ? 1 : 0;
            }
        }
        for (int c = 0; c < doubles.length; c++)
        {
            if (!usedDouble[c] || null == from.doubles[c])
            {
                continue;
            }
            if (null == doubles[c] || doubles[c].length < count)
            {
                doubles[c] = new double[Math.max(count, from.n)];
            }
            final double[] src = from.doubles[c];
            final double[] dst = doubles[c];
            int j = 0;
            for (int i = 0; i < from.n; i++)
            {
                dst[j] = src[i];
                j += keep[i] ? 1 : 0;
            }
        }
        n = count;
    }
}
