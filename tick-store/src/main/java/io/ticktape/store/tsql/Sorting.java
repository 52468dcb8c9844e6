package io.ticktape.store.tsql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ORDER BY over a finished result: a permutation sorted by the key columns (nulls last), then the rows copied in
 * that order.
 */
final class Sorting
{
    private Sorting()
    {
    }

    static QueryResult sort(final QueryResult in, final int[] keys, final boolean[] descending)
    {
        final int rows = in.rowCount();
        final Integer[] order = new Integer[rows];
        for (int i = 0; i < rows; i++)
        {
            order[i] = i;
        }
        final List<QueryResult.Column> cols = in.columns();
        Arrays.sort(order, (a, b) ->
        {
            for (int k = 0; k < keys.length; k++)
            {
                final QueryResult.Column c = cols.get(keys[k]);
                final boolean na = c.nulls[a];
                final boolean nb = c.nulls[b];
                if (na || nb)
                {
                    if (na != nb)
                    {
                        return na ? 1 : -1;
                    }
                    continue;
                }
                final int cmp;
                switch (c.type)
                {
                    case DOUBLE:
                        cmp = Double.compare(c.doubles[a], c.doubles[b]);
                        break;
                    case DECIMAL:
                        cmp = Decimals.compare(c.longs[a], c.exponents[a], c.longs[b], c.exponents[b]);
                        break;
                    case SYMBOL:
                        cmp = c.strings[a].compareTo(c.strings[b]);
                        break;
                    default:
                        cmp = Long.compare(c.longs[a], c.longs[b]);
                        break;
                }
                if (cmp != 0)
                {
                    return descending[k] ? -cmp : cmp;
                }
            }
            return Integer.compare(a, b);
        });
        final List<QueryResult.Column> out = new ArrayList<>(cols.size());
        for (final QueryResult.Column c : cols)
        {
            final QueryResult.Column sorted = new QueryResult.Column(c.name, c.type);
            sorted.ensure(rows);
            for (final int row : order)
            {
                sorted.copyRow(c, row);
            }
            out.add(sorted);
        }
        final QueryResult result = new QueryResult(out);
        result.rowCount(rows);
        return result;
    }
}
