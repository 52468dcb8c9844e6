package io.ticktape.store.tsql;

import io.ticktape.store.history.HistoryView;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The TSQL engine over a {@link HistoryView}: parse, check, run. Queries that keep symbols apart (per-symbol
 * groups, plain selects, LATEST BY) can run symbol ranges on several threads and concatenate the fragments in
 * symbol order; the view must then allow concurrent scans.
 * <pre>
 * Tsql tsql = new Tsql(view);
 * QueryResult bars = tsql.query("SELECT ts, first(price), max(price), min(price), last(price), sum(size), " +
 *     "vwap(price, size) FROM trades WHERE symbol = 'AAPL' SAMPLE BY 1m");
 * </pre>
 */
public final class Tsql
{
    private final HistoryView view;
    private final ExecutorService workers;
    private final int parallelism;

    /**
     * Single-threaded engine.
     *
     * @param view the history to query.
     */
    public Tsql(final HistoryView view)
    {
        this(view, null, 1);
    }

    /**
     * @param view        the history to query; must allow concurrent scans when {@code parallelism > 1}.
     * @param workers     threads for symbol ranges (null: run on the caller's thread).
     * @param parallelism how many symbol ranges a query is split into at most.
     */
    public Tsql(final HistoryView view, final ExecutorService workers, final int parallelism)
    {
        this.view = view;
        this.workers = workers;
        this.parallelism = null == workers ? 1 : Math.max(1, parallelism);
    }

    /**
     * Check a query without running it.
     *
     * @param text TSQL.
     * @throws TsqlException with the position of the first problem.
     */
    public static void check(final String text)
    {
        new Plan(Parser.parse(text));
    }

    /**
     * Run a query.
     *
     * @param text TSQL.
     * @return all rows.
     * @throws TsqlException for an invalid query (with its position) or a numeric overflow.
     */
    public QueryResult query(final String text)
    {
        final Plan plan = new Plan(Parser.parse(text));
        final List<String> symbols = view.symbols();
        try
        {
            final boolean splittable = !plan.aggregate || plan.groupBySymbol;
            if (parallelism > 1 && splittable && symbols.size() > 1)
            {
                return parallel(text, plan, symbols);
            }
            return new Executor(plan, view).run(symbols);
        }
        catch (final ArithmeticException ex)
        {
            throw new TsqlException(0, 0, "numeric overflow: " + ex.getMessage() +
                " (exact decimals are 64-bit; divide or use doubles)");
        }
    }

    private QueryResult parallel(final String text, final Plan plan, final List<String> symbols)
    {
        final int parts = Math.min(parallelism, symbols.size());
        final List<Future<QueryResult>> futures = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++)
        {
            final List<String> range = symbols.subList(symbols.size() * p / parts, symbols.size() * (p + 1) / parts);
            // Each fragment gets its own plan: compiled expressions keep scratch arrays.
            final Plan fragmentPlan = unordered(text);
            futures.add(workers.submit(() -> new Executor(fragmentPlan, view).run(range)));
        }
        final List<QueryResult> fragments = new ArrayList<>(parts);
        try
        {
            for (final Future<QueryResult> future : futures)
            {
                fragments.add(future.get());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new TsqlException(0, 0, "query interrupted");
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof TsqlException t)
            {
                throw t;
            }
            if (ex.getCause() instanceof ArithmeticException a)
            {
                throw a;
            }
            throw new IllegalStateException(ex.getCause());
        }
        QueryResult merged = concat(fragments);
        if (plan.orderColumns.length > 0)
        {
            merged = Sorting.sort(merged, plan.orderColumns, plan.orderDescending);
        }
        if (plan.limit >= 0 && plan.limit < merged.rowCount())
        {
            for (final QueryResult.Column c : merged.columns())
            {
                c.size = (int)plan.limit;
            }
            merged.rowCount((int)plan.limit);
        }
        return merged;
    }

    private static Plan unordered(final String text)
    {
        // Fragments keep every row: ORDER BY and LIMIT apply to the concatenation.
        final Ast.Query q = Parser.parse(text);
        return new Plan(new Ast.Query(q.select(), q.from(), q.asofJoin(), q.joinOn(), q.where(), q.latestBy(),
            q.sampleNs(), q.fill(), q.sampleLine(), q.sampleColumn(), q.groupBy(), List.of(), -1));
    }

    private static QueryResult concat(final List<QueryResult> fragments)
    {
        final QueryResult first = fragments.get(0);
        final List<QueryResult.Column> cols = new ArrayList<>();
        int rows = 0;
        for (final QueryResult f : fragments)
        {
            rows += f.rowCount();
        }
        for (int c = 0; c < first.columnCount(); c++)
        {
            final QueryResult.Column col = new QueryResult.Column(first.columnName(c), first.columnType(c));
            col.ensure(rows);
            for (final QueryResult f : fragments)
            {
                final QueryResult.Column src = f.columns().get(c);
                final int n = f.rowCount();
                System.arraycopy(src.longs, 0, col.longs, col.size, n);
                System.arraycopy(src.nulls, 0, col.nulls, col.size, n);
                if (null != col.doubles)
                {
                    System.arraycopy(src.doubles, 0, col.doubles, col.size, n);
                }
                if (null != col.exponents)
                {
                    System.arraycopy(src.exponents, 0, col.exponents, col.size, n);
                }
                if (null != col.strings)
                {
                    System.arraycopy(src.strings, 0, col.strings, col.size, n);
                }
                col.size += n;
            }
            cols.add(col);
        }
        final QueryResult result = new QueryResult(cols);
        result.rowCount(rows);
        return result;
    }
}
