package io.ticktape.store.tsql;

import io.ticktape.store.history.HistoryView;
import org.agrona.collections.Long2LongHashMap;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link Plan} over a {@link HistoryView} for a list of symbols, into one result fragment. Work is per
 * symbol: the filter and expressions are compiled for the symbol (predicates on {@code symbol} fold to constants,
 * so excluded symbols are never scanned), the scan is limited to the pushed-down time range, and every operator
 * loops over column arrays of a whole block.
 */
final class Executor
{
    private static final long MAX_FILL_ROWS = 50_000_000L;
    private static final long ANCHOR_SLACK_NS = 86_400_000_000_000L;
    private static final long FIRST_PROBE_NS = 60_000_000_000L;

    private final Plan plan;
    private final HistoryView view;
    private final Source source;
    private final Batch compacted;
    private final Agg[] aggs;
    private final QueryResult result;
    private final List<QueryResult.Column> columns;

    private Long2LongHashMap slotMap = new Long2LongHashMap(-1);
    private int slotCount;
    private int[] slotSymbol = new int[16];
    private long[] slotBucket = new long[16];
    private final List<String> scopeSymbols = new ArrayList<>();
    private long lastBucket;
    private int lastSlot = -1;
    private long latestAnchorNs = Long.MIN_VALUE;
    private int rowsWanted = Integer.MAX_VALUE;

    Executor(final Plan plan, final HistoryView view)
    {
        this.plan = plan;
        this.view = view;
        source = Source.of(view, plan.schema, plan.usedLong);
        compacted = new Batch(plan.schema.longColumns, plan.schema.doubleColumns);
        aggs = new Agg[plan.aggs.size()];
        for (int i = 0; i < aggs.length; i++)
        {
            final Plan.AggSpec spec = plan.aggs.get(i);
            aggs[i] = Agg.create(spec.name(), spec.argType(), spec.fraction());
        }
        final List<QueryResult.Column> cols = new ArrayList<>();
        for (final Plan.Item item : plan.items)
        {
            cols.add(new QueryResult.Column(item.name(), item.type()));
        }
        result = new QueryResult(cols);
        columns = cols;
        if (!plan.aggregate && plan.limit >= 0 && plan.orderColumns.length == 0)
        {
            rowsWanted = (int)Math.min(Integer.MAX_VALUE, plan.limit);
        }
    }

    QueryResult run(final List<String> symbols)
    {
        if (plan.aggregate && !plan.groupBySymbol && plan.sampleNs == 0)
        {
            // One row even over no data, as SQL does: count 0, the rest null.
            slotFor(0, -1);
        }
        for (final String symbol : symbols)
        {
            if (result.columns().get(0).size >= rowsWanted)
            {
                break;
            }
            final int exponent = view.priceExponent(symbol);
            final Vec filter = null == plan.residual ? null :
                plan.binder.compile(plan.residual, symbol, exponent, null);
            if (null != filter && Boolean.FALSE.equals(filter.constantTruth()))
            {
                continue;
            }
            final Vec liveFilter = null != filter && null == filter.constantTruth() ? filter : null;
            if (plan.aggregate)
            {
                aggregate(symbol, exponent, liveFilter);
            }
            else if (plan.latest)
            {
                latest(symbol, exponent, liveFilter);
            }
            else
            {
                project(symbol, exponent, liveFilter);
            }
        }
        if (plan.aggregate)
        {
            emitGroups();
        }
        int rows = columns.isEmpty() ? 0 : columns.get(0).size;
        result.rowCount(rows);
        QueryResult out = result;
        if (plan.orderColumns.length > 0)
        {
            out = Sorting.sort(result, plan.orderColumns, plan.orderDescending);
        }
        if (plan.limit >= 0 && plan.limit < out.rowCount())
        {
            rows = (int)plan.limit;
            for (final QueryResult.Column c : out.columns())
            {
                c.size = rows;
            }
            out.rowCount(rows);
        }
        return out;
    }

    private Batch filtered(final Batch batch, final Vec filter)
    {
        if (null == filter)
        {
            return batch;
        }
        final boolean[] keep = filter.bools(batch);
        compacted.compactFrom(batch, keep, plan.usedLong, plan.usedDouble);
        return compacted;
    }

    private void aggregate(final String symbol, final int exponent, final Vec filter)
    {
        final int symbolIndex;
        if (plan.groupBySymbol)
        {
            scopeSymbols.add(symbol);
            symbolIndex = scopeSymbols.size() - 1;
            slotMap = new Long2LongHashMap(-1);
        }
        else
        {
            symbolIndex = -1;
        }
        lastSlot = -1;
        for (int i = 0; i < aggs.length; i++)
        {
            final Plan.AggSpec spec = plan.aggs.get(i);
            final List<Ast.Expr> args = spec.call().args();
            final Vec arg = args.isEmpty() ? null : plan.binder.compile(args.get(0), symbol, exponent, null);
            final Vec arg2 = args.size() < 2 || spec.name().equals("percentile") ? null :
                plan.binder.compile(args.get(1), symbol, exponent, null);
            aggs[i].bind(arg, arg2);
        }
        final long interval = plan.sampleNs;
        source.scan(symbol, exponent, plan.fromNs, plan.toNs, batch ->
        {
            final Batch b = filtered(batch, filter);
            final int n = b.n;
            if (n == 0)
            {
                return;
            }
            for (final Agg agg : aggs)
            {
                agg.prepare(b);
            }
            if (interval == 0)
            {
                final int slot = slotFor(0, symbolIndex);
                for (final Agg agg : aggs)
                {
                    agg.accumulate(slot, 0, n, b);
                }
                return;
            }
            final long[] ts = b.longs[0];
            int from = 0;
            while (from < n)
            {
                final long bucket = Math.floorDiv(ts[from], interval) * interval;
                final long end = bucket + interval;
                int to = from + 1;
                while (to < n && ts[to] < end)
                {
                    to++;
                }
                final int slot = slotFor(bucket, symbolIndex);
                for (final Agg agg : aggs)
                {
                    agg.accumulate(slot, from, to, b);
                }
                from = to;
            }
        });
    }

    private int slotFor(final long bucket, final int symbolIndex)
    {
        if (lastSlot >= 0 && bucket == lastBucket)
        {
            return lastSlot;
        }
        long slot = slotMap.get(bucket);
        if (slot < 0)
        {
            slot = slotCount++;
            slotMap.put(bucket, slot);
            if (slotCount > slotBucket.length)
            {
                slotBucket = Arrays.copyOf(slotBucket, slotBucket.length * 2);
                slotSymbol = Arrays.copyOf(slotSymbol, slotSymbol.length * 2);
            }
            slotBucket[(int)slot] = bucket;
            slotSymbol[(int)slot] = symbolIndex;
            for (final Agg agg : aggs)
            {
                agg.ensure(slotCount);
            }
        }
        lastBucket = bucket;
        lastSlot = (int)slot;
        return lastSlot;
    }

    private void emitGroups()
    {
        final Integer[] order = new Integer[slotCount];
        for (int i = 0; i < slotCount; i++)
        {
            order[i] = i;
        }
        if (!plan.groupBySymbol)
        {
            // One scope across symbols: slots were made in symbol order, buckets interleave.
            Arrays.sort(order, (a, b) -> Long.compare(slotBucket[a], slotBucket[b]));
        }
        final boolean filling = plan.sampleNs > 0 && !plan.fill.equals("NONE");
        long fillRows = 0;
        int prev = -1;
        for (final int slot : order)
        {
            if (filling && prev >= 0 && slotSymbol[prev] == slotSymbol[slot])
            {
                final long gap = (slotBucket[slot] - slotBucket[prev]) / plan.sampleNs;
                fillRows += gap - 1;
                if (fillRows > MAX_FILL_ROWS)
                {
                    throw new TsqlException(plan.query.sampleLine(), plan.query.sampleColumn(),
                        "FILL would make more than " + MAX_FILL_ROWS + " rows; narrow the time range");
                }
                for (long k = 1; k < gap; k++)
                {
                    emitRow(slot, prev, slotBucket[prev] + k * plan.sampleNs, (double)k / gap);
                }
            }
            emitRow(slot, -1, slotBucket[slot], 0);
            prev = slot;
        }
    }

    /**
     * @param slot     the group's slot, or for a fill the next real slot.
     * @param prevSlot -1 for a real row; for a fill the previous real slot.
     * @param bucket   the row's bucket.
     * @param fraction for LINEAR fills: how far between prevSlot and slot.
     */
    private void emitRow(final int slot, final int prevSlot, final long bucket, final double fraction)
    {
        final boolean fill = prevSlot >= 0;
        final boolean linear = plan.fill.equals("LINEAR");
        Object[] aggValues = null;
        for (int i = 0; i < plan.items.size(); i++)
        {
            final Plan.Item item = plan.items.get(i);
            final QueryResult.Column out = columns.get(i);
            switch (item.kind())
            {
                case BUCKET:
                    out.appendLong(bucket);
                    break;
                case SYMBOL:
                    out.appendString(scopeSymbols.get(slotSymbol[slot]));
                    break;
                case AGG:
                    if (!fill)
                    {
                        aggs[item.agg()].emit(slot, out);
                    }
                    else
                    {
                        appendValue(out, fillValue(item.agg(), slot, prevSlot, fraction, linear));
                    }
                    break;
                default:
                    if (null == aggValues)
                    {
                        aggValues = new Object[aggs.length];
                        for (int a = 0; a < aggs.length; a++)
                        {
                            aggValues[a] = fill ? fillValue(a, slot, prevSlot, fraction, linear) :
                                linear ? nullableDouble(aggs[a].doubleValue(slot)) : aggs[a].value(slot);
                        }
                    }
                    final Object[] values = aggValues;
                    final String symbol = slotSymbol[slot] >= 0 ? scopeSymbols.get(slotSymbol[slot]) : null;
                    appendValue(out, Scalar.eval(item.expr(), plan, values, bucket, symbol));
                    break;
            }
        }
    }

    private Object fillValue(final int agg, final int slot, final int prevSlot, final double fraction,
        final boolean linear)
    {
        switch (plan.fill)
        {
            case "PREV":
                return linear ? nullableDouble(aggs[agg].doubleValue(prevSlot)) : aggs[agg].value(prevSlot);
            case "LINEAR":
                final double a = aggs[agg].doubleValue(prevSlot);
                final double b = aggs[agg].doubleValue(slot);
                return nullableDouble(a + (b - a) * fraction);
            default:
                return null;
        }
    }

    private static Object nullableDouble(final double value)
    {
        return Double.isNaN(value) ? null : value;
    }

    static void appendValue(final QueryResult.Column out, final Object value)
    {
        if (null == value)
        {
            out.appendNull();
            return;
        }
        switch (out.type)
        {
            case DOUBLE:
                out.appendDouble(value instanceof BigDecimal d ? d.doubleValue() : ((Number)value).doubleValue());
                break;
            case DECIMAL:
                if (value instanceof BigDecimal d)
                {
                    final BigDecimal v = d.scale() < 0 ? d.setScale(0, RoundingMode.UNNECESSARY) : d;
                    out.appendDecimal(v.unscaledValue().longValueExact(), -v.scale());
                }
                else
                {
                    out.appendDecimal(((Number)value).longValue(), 0);
                }
                break;
            case BOOLEAN:
                out.appendLong(Boolean.TRUE.equals(value) ? 1 : 0);
                break;
            case SYMBOL:
                out.appendString(value.toString());
                break;
            default:
                out.appendLong(value instanceof BigDecimal d ? d.longValueExact() : ((Number)value).longValue());
                break;
        }
    }

    private void project(final String symbol, final int exponent, final Vec filter)
    {
        final Vec[] vecs = compileItems(symbol, exponent);
        source.scan(symbol, exponent, plan.fromNs, plan.toNs, batch ->
        {
            if (columns.get(0).size >= rowsWanted)
            {
                return;
            }
            final Batch b = filtered(batch, filter);
            if (b.n > 0)
            {
                appendBatch(vecs, b, symbol);
            }
        });
    }

    private Vec[] compileItems(final String symbol, final int exponent)
    {
        final Vec[] vecs = new Vec[plan.items.size()];
        for (int i = 0; i < vecs.length; i++)
        {
            vecs[i] = plan.binder.compile(plan.items.get(i).expr(), symbol, exponent, null);
        }
        return vecs;
    }

    private void appendBatch(final Vec[] vecs, final Batch b, final String symbol)
    {
        final int n = b.n;
        for (int i = 0; i < vecs.length; i++)
        {
            final QueryResult.Column out = columns.get(i);
            final Vec vec = vecs[i];
            out.ensure(n);
            final int at = out.size;
            switch (out.type)
            {
                case SYMBOL:
                    Arrays.fill(out.strings, at, at + n, vec instanceof Vec.Text t ? t.value : symbol);
                    break;
                case DOUBLE:
                    System.arraycopy(vec.doubles(b), 0, out.doubles, at, n);
                    break;
                case BOOLEAN:
                    final boolean[] bools = vec.bools(b);
                    for (int r = 0; r < n; r++)
                    {
                        out.longs[at + r] = bools[r] ? 1 : 0;
                    }
                    break;
                default:
                    System.arraycopy(vec.longs(b), 0, out.longs, at, n);
                    if (null != out.exponents)
                    {
                        Arrays.fill(out.exponents, at, at + n, vec.exponent);
                    }
                    break;
            }
            Arrays.fill(out.nulls, at, at + n, false);
            out.size = at + n;
        }
    }

    /**
     * The last row of a symbol: scans windows backwards from the end (anchored at the previous symbol's latest
     * time, or a day past now) that grow fourfold, so a symbol costs a few short scans, not its whole history.
     */
    private void latest(final String symbol, final int exponent, final Vec filter)
    {
        final Vec[] vecs = compileItems(symbol, exponent);
        final Batch last = new Batch(plan.schema.longColumns, plan.schema.doubleColumns);
        for (int c = 0; c < last.longs.length; c++)
        {
            last.longs[c] = new long[1];
        }
        for (int c = 0; c < last.doubles.length; c++)
        {
            last.doubles[c] = new double[1];
        }
        final boolean[] found = { false };
        final java.util.function.Consumer<Batch> sink = batch ->
        {
            final Batch b = filtered(batch, filter);
            if (b.n == 0)
            {
                return;
            }
            final int row = b.n - 1;
            for (int c = 0; c < last.longs.length; c++)
            {
                if (null != b.longs[c] && plan.usedLong[c])
                {
                    last.longs[c][0] = b.longs[c][row];
                }
            }
            for (int c = 0; c < last.doubles.length; c++)
            {
                if (null != b.doubles[c] && plan.usedDouble[c])
                {
                    last.doubles[c][0] = b.doubles[c][row];
                }
            }
            found[0] = true;
        };
        final long from = plan.fromNs;
        final long to = plan.toNs;
        if (plan.schema.kind == Schema.Kind.ASOF)
        {
            source.scan(symbol, exponent, from, to, sink);
        }
        else
        {
            long anchor = latestAnchorNs != Long.MIN_VALUE ? latestAnchorNs :
                System.currentTimeMillis() * 1_000_000L + ANCHOR_SLACK_NS;
            anchor = Math.max(from, Math.min(anchor, to));
            if (anchor < to)
            {
                source.scan(symbol, exponent, anchor, to, sink);
            }
            long hi = anchor;
            long width = FIRST_PROBE_NS;
            while (!found[0] && hi > from)
            {
                final long lo = hi - width < hi && hi - width > from ? hi - width : from;
                source.scan(symbol, exponent, lo, hi, sink);
                hi = lo;
                width = width > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : width * 4;
            }
        }
        if (found[0])
        {
            last.n = 1;
            latestAnchorNs = last.longs[0][0] - 1_000_000_000L;
            appendBatch(vecs, last, symbol);
        }
    }
}
