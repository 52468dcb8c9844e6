package io.ticktape.store.tsql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A checked query: output items with names and types, the aggregates to compute, grouping, the time range pushed
 * down to scans and the rest of WHERE as a residual filter.
 */
final class Plan
{
    enum ItemKind
    {
        BUCKET, SYMBOL, AGG, EXPR, PROJECT
    }

    record Item(String name, ColumnType type, ItemKind kind, int agg, Ast.Expr expr)
    {
    }

    record AggSpec(String name, Ast.Call call, ColumnType argType, double fraction)
    {
    }

    final Ast.Query query;
    final Schema schema;
    final Binder binder;
    final List<Item> items = new ArrayList<>();
    final List<AggSpec> aggs = new ArrayList<>();
    final Map<String, Integer> aggIndex = new HashMap<>();
    final boolean aggregate;
    final boolean groupBySymbol;
    final boolean latest;
    final long sampleNs;
    final String fill;
    final Ast.Expr residual;
    long fromNs = Long.MIN_VALUE;
    long toNs = Long.MAX_VALUE;
    final boolean[] usedLong;
    final boolean[] usedDouble;
    final int[] orderColumns;
    final boolean[] orderDescending;
    final long limit;

    Plan(final Ast.Query query)
    {
        this.query = query;
        schema = Schema.of(query);
        binder = new Binder(schema);
        usedLong = new boolean[schema.longColumns];
        usedDouble = new boolean[schema.doubleColumns];
        usedLong[0] = true;
        usedLong[1] = true;
        sampleNs = query.sampleNs();
        fill = query.fill();
        binder.linearFill(fill.equals("LINEAR"));

        boolean hasAgg = false;
        for (final Ast.SelectItem item : query.select())
        {
            hasAgg |= null != item.expr() && Binder.containsAggregate(item.expr());
        }
        aggregate = hasAgg || sampleNs > 0;
        if (sampleNs > 0 && !hasAgg)
        {
            throw new TsqlException(query.sampleLine(), query.sampleColumn(), "SAMPLE BY needs an aggregate in SELECT");
        }

        boolean bySymbol = false;
        for (final Ast.ColumnRef key : query.groupBy())
        {
            if (!key.name().equals("symbol"))
            {
                throw new TsqlException(key.line(), key.column(), "GROUP BY supports symbol only, not '" +
                    key.name() + "'");
            }
            schema.resolve(key);
            if (!aggregate)
            {
                throw new TsqlException(key.line(), key.column(), "GROUP BY needs an aggregate in SELECT");
            }
            bySymbol = true;
        }
        if (null != query.latestBy())
        {
            final Ast.ColumnRef key = query.latestBy();
            if (!key.name().equals("symbol"))
            {
                throw new TsqlException(key.line(), key.column(), "LATEST BY supports symbol only, not '" +
                    key.name() + "'");
            }
            if (aggregate)
            {
                throw new TsqlException(key.line(), key.column(), "LATEST BY cannot be combined with aggregates");
            }
        }
        latest = null != query.latestBy();

        if (null != query.where())
        {
            if (Binder.containsAggregate(query.where()))
            {
                throw Binder.error(firstAggregate(query.where()), "aggregates are not allowed in WHERE");
            }
            final ColumnType t = binder.typeOf(query.where(), false);
            if (t != ColumnType.BOOLEAN)
            {
                throw Binder.error(query.where(), "WHERE needs a condition, found '" +
                    Parser.text(query.where()) + "'");
            }
            markUsed(query.where());
        }
        residual = pushDown(query.where());

        for (final Ast.SelectItem item : query.select())
        {
            if (null == item.expr())
            {
                for (final Schema.Col col : schema.starColumns())
                {
                    final Ast.ColumnRef ref = new Ast.ColumnRef(col.right() ? rightQualifier() : null, col.name(), 0,
                        0);
                    final String name = col.right() && col.name().equals("ts") ? "quote_ts" : col.name();
                    addItem(ref, name, aggregate);
                }
            }
            else
            {
                addItem(item.expr(), null != item.alias() ? item.alias() : item.text(), aggregate);
            }
        }
        boolean symbolKey = bySymbol;
        for (final Item item : items)
        {
            symbolKey |= item.kind() == ItemKind.SYMBOL;
        }
        groupBySymbol = symbolKey;

        final List<Ast.OrderItem> order = query.orderBy();
        orderColumns = new int[order.size()];
        orderDescending = new boolean[order.size()];
        for (int i = 0; i < order.size(); i++)
        {
            orderColumns[i] = resolveOrder(order.get(i).expr());
            orderDescending[i] = order.get(i).descending();
        }
        limit = query.limit();
    }

    private String rightQualifier()
    {
        return null != schema.rightAlias ? schema.rightAlias : schema.rightName;
    }

    private void addItem(final Ast.Expr expr, final String name, final boolean aggregateQuery)
    {
        final ColumnType type = binder.typeOf(expr, aggregateQuery);
        if (!aggregateQuery)
        {
            markUsed(expr);
            items.add(new Item(name, type, ItemKind.PROJECT, -1, expr));
            return;
        }
        if (expr instanceof Ast.ColumnRef ref)
        {
            final Schema.Col col = schema.resolve(ref);
            if (col.type() == ColumnType.SYMBOL)
            {
                items.add(new Item(name, type, ItemKind.SYMBOL, -1, expr));
                return;
            }
            if (col.name().equals("ts") && !col.right() && sampleNs > 0)
            {
                items.add(new Item(name, type, ItemKind.BUCKET, -1, expr));
                return;
            }
        }
        checkKeys(expr);
        if (Binder.isAggregate(expr))
        {
            items.add(new Item(name, type, ItemKind.AGG, registerAggregate((Ast.Call)expr), expr));
            return;
        }
        registerNested(expr);
        items.add(new Item(name, type, ItemKind.EXPR, -1, expr));
    }

    /** Outside aggregates, an aggregate query may only name its keys. */
    private void checkKeys(final Ast.Expr expr)
    {
        if (Binder.isAggregate(expr))
        {
            return;
        }
        if (expr instanceof Ast.ColumnRef ref)
        {
            final Schema.Col col = schema.resolve(ref);
            final boolean key = col.type() == ColumnType.SYMBOL || (col.name().equals("ts") && !col.right() &&
                sampleNs > 0);
            if (!key)
            {
                throw Binder.error(ref, "column '" + ref.name() + "' must be inside an aggregate" +
                    (sampleNs > 0 ? "" : " or be a key (symbol; ts with SAMPLE BY)"));
            }
            return;
        }
        forEachChild(expr, this::checkKeys);
    }

    private void registerNested(final Ast.Expr expr)
    {
        if (Binder.isAggregate(expr))
        {
            registerAggregate((Ast.Call)expr);
            return;
        }
        forEachChild(expr, this::registerNested);
    }

    int registerAggregate(final Ast.Call call)
    {
        final String key = Parser.text(call).toLowerCase(Locale.ROOT);
        final Integer existing = aggIndex.get(key);
        if (null != existing)
        {
            return existing;
        }
        ColumnType argType = null;
        double fraction = 0;
        if (!call.args().isEmpty())
        {
            argType = binder.typeOf(call.args().get(0), false);
            for (final Ast.Expr arg : call.args())
            {
                markUsed(arg);
            }
        }
        if (call.name().equals("percentile"))
        {
            fraction = ((Ast.NumberLit)call.args().get(1)).doubleValue();
        }
        aggs.add(new AggSpec(call.name(), call, argType, fraction));
        aggIndex.put(key, aggs.size() - 1);
        return aggs.size() - 1;
    }

    private static void forEachChild(final Ast.Expr expr, final java.util.function.Consumer<Ast.Expr> action)
    {
        if (expr instanceof Ast.Unary u)
        {
            action.accept(u.operand());
        }
        else if (expr instanceof Ast.Binary b)
        {
            action.accept(b.left());
            action.accept(b.right());
        }
        else if (expr instanceof Ast.Call c)
        {
            c.args().forEach(action);
        }
        else if (expr instanceof Ast.Between b)
        {
            action.accept(b.value());
            action.accept(b.low());
            action.accept(b.high());
        }
        else if (expr instanceof Ast.In in)
        {
            action.accept(in.value());
            in.list().forEach(action);
        }
    }

    private static Ast.Expr firstAggregate(final Ast.Expr expr)
    {
        if (Binder.isAggregate(expr))
        {
            return expr;
        }
        final Ast.Expr[] found = { null };
        forEachChild(expr, child ->
        {
            if (null == found[0] && Binder.containsAggregate(child))
            {
                found[0] = firstAggregate(child);
            }
        });
        return null == found[0] ? expr : found[0];
    }

    private void markUsed(final Ast.Expr expr)
    {
        if (expr instanceof Ast.ColumnRef ref)
        {
            final Schema.Col col = schema.resolve(ref);
            if (col.id() >= 0)
            {
                if (col.isDouble())
                {
                    usedDouble[col.id()] = true;
                }
                else
                {
                    usedLong[col.id()] = true;
                }
            }
            return;
        }
        forEachChild(expr, this::markUsed);
    }

    /**
     * Take bounds on the left table's ts from the top-level AND of WHERE into [fromNs, toNs), so scans skip the
     * rest; those conjuncts leave the residual filter (except for bars, whose ts is the bar's open time).
     */
    private Ast.Expr pushDown(final Ast.Expr where)
    {
        if (null == where)
        {
            return null;
        }
        if (where instanceof Ast.Binary b && b.op().equals("AND"))
        {
            final Ast.Expr left = pushDown(b.left());
            final Ast.Expr right = pushDown(b.right());
            if (null == left)
            {
                return right;
            }
            if (null == right)
            {
                return left;
            }
            return new Ast.Binary("AND", left, right, b.line(), b.column());
        }
        final boolean keep = schema.kind == Schema.Kind.BARS;
        if (where instanceof Ast.Between b && !b.negated() && isLeftTs(b.value()))
        {
            final Long low = timeValue(b.low());
            final Long high = timeValue(b.high());
            if (null != low && null != high)
            {
                fromNs = Math.max(fromNs, low);
                toNs = Math.min(toNs, high == Long.MAX_VALUE ? high : high + 1);
                return keep ? where : null;
            }
        }
        if (where instanceof Ast.Binary b)
        {
            final boolean tsLeft = isLeftTs(b.left());
            final boolean tsRight = isLeftTs(b.right());
            if (tsLeft != tsRight)
            {
                final Long value = timeValue(tsLeft ? b.right() : b.left());
                if (null != value)
                {
                    String op = b.op();
                    if (tsRight)
                    {
                        op = flip(op);
                    }
                    switch (op)
                    {
                        case ">=":
                            fromNs = Math.max(fromNs, value);
                            return keep ? where : null;
                        case ">":
                            fromNs = Math.max(fromNs, value == Long.MAX_VALUE ? value : value + 1);
                            return keep ? where : null;
                        case "<":
                            toNs = Math.min(toNs, value);
                            return keep ? where : null;
                        case "<=":
                            toNs = Math.min(toNs, value == Long.MAX_VALUE ? value : value + 1);
                            return keep ? where : null;
                        case "=":
                            fromNs = Math.max(fromNs, value);
                            toNs = Math.min(toNs, value == Long.MAX_VALUE ? value : value + 1);
                            return keep ? where : null;
                        default:
                            break;
                    }
                }
            }
        }
        return where;
    }

    private static String flip(final String op)
    {
        switch (op)
        {
            case "<":
                return ">";
            case "<=":
                return ">=";
            case ">":
                return "<";
            case ">=":
                return "<=";
            default:
                return op;
        }
    }

    private boolean isLeftTs(final Ast.Expr e)
    {
        if (e instanceof Ast.ColumnRef ref)
        {
            final Schema.Col col = schema.resolve(ref);
            return col.name().equals("ts") && !col.right();
        }
        return false;
    }

    private static Long timeValue(final Ast.Expr e)
    {
        if (e instanceof Ast.StringLit s)
        {
            return Binder.parseTime(s);
        }
        if (e instanceof Ast.NumberLit n && !n.isDouble() && n.exponent() == 0)
        {
            return n.mantissa();
        }
        return null;
    }

    private int resolveOrder(final Ast.Expr key)
    {
        if (key instanceof Ast.NumberLit n && !n.isDouble() && n.exponent() == 0)
        {
            if (n.mantissa() < 1 || n.mantissa() > items.size())
            {
                throw Binder.error(key, "ORDER BY position " + n.mantissa() + " is not in the select list (1.." +
                    items.size() + ")");
            }
            return (int)n.mantissa() - 1;
        }
        final String text = Parser.text(key);
        for (int i = 0; i < items.size(); i++)
        {
            if (items.get(i).name().equalsIgnoreCase(text))
            {
                return i;
            }
        }
        for (int i = 0; i < items.size(); i++)
        {
            final Ast.Expr expr = items.get(i).expr();
            if (null != expr && Parser.text(expr).equalsIgnoreCase(text))
            {
                return i;
            }
        }
        if (key instanceof Ast.ColumnRef ref)
        {
            schema.resolve(ref);
        }
        throw Binder.error(key, "ORDER BY '" + text + "' must name a column of the select list");
    }
}
