package io.ticktape.store.tsql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns a query can name: those of its FROM table and, with an ASOF JOIN, of the joined quotes. Every
 * source puts the time at long column 0 and the global sequence at long column 1; {@code symbol} is not stored
 * (a scan is one symbol's) and has id -1.
 */
final class Schema
{
    /** Pseudo column id of {@code symbol}. */
    static final int SYMBOL_ID = -1;

    /** Which source feeds the query. */
    enum Kind
    {
        TRADES, QUOTES, BARS, ASOF
    }

    /** A column: {@code right} for the joined table's; {@code isDouble} for double columns. */
    record Col(String name, int id, ColumnType type, boolean isDouble, boolean right)
    {
    }

    final Kind kind;
    final long barIntervalNs;
    final String leftName;
    final String leftAlias;
    final String rightName;
    final String rightAlias;
    final List<Col> columns = new ArrayList<>();
    final int longColumns;
    final int doubleColumns;

    private Schema(
        final Kind kind, final long barIntervalNs, final Ast.TableRef left, final Ast.TableRef right)
    {
        this.kind = kind;
        this.barIntervalNs = barIntervalNs;
        leftName = left.name();
        leftAlias = null == left.alias() ? null : left.alias().toLowerCase(Locale.ROOT);
        rightName = null == right ? null : right.name();
        rightAlias = null == right || null == right.alias() ? null : right.alias().toLowerCase(Locale.ROOT);
        switch (kind)
        {
            case TRADES:
                addTrades(false);
                longColumns = 5;
                doubleColumns = 0;
                break;
            case QUOTES:
                addQuotes(0, false);
                longColumns = 6;
                doubleColumns = 0;
                break;
            case BARS:
                columns.add(new Col("ts", 0, ColumnType.TIMESTAMP, false, false));
                columns.add(new Col("symbol", SYMBOL_ID, ColumnType.SYMBOL, false, false));
                columns.add(new Col("open", 2, ColumnType.DECIMAL, false, false));
                columns.add(new Col("high", 3, ColumnType.DECIMAL, false, false));
                columns.add(new Col("low", 4, ColumnType.DECIMAL, false, false));
                columns.add(new Col("close", 5, ColumnType.DECIMAL, false, false));
                columns.add(new Col("volume", 6, ColumnType.LONG, false, false));
                columns.add(new Col("count", 7, ColumnType.LONG, false, false));
                columns.add(new Col("vwap", 0, ColumnType.DOUBLE, true, false));
                columns.add(new Col("seq", 1, ColumnType.LONG, false, false));
                longColumns = 8;
                doubleColumns = 1;
                break;
            default:
                addTrades(false);
                addQuotes(5, true);
                longColumns = 11;
                doubleColumns = 0;
                break;
        }
    }

    private void addTrades(final boolean right)
    {
        columns.add(new Col("ts", 0, ColumnType.TIMESTAMP, false, right));
        columns.add(new Col("symbol", SYMBOL_ID, ColumnType.SYMBOL, false, right));
        columns.add(new Col("price", 2, ColumnType.DECIMAL, false, right));
        columns.add(new Col("size", 3, ColumnType.LONG, false, right));
        columns.add(new Col("side", 4, ColumnType.LONG, false, right));
        columns.add(new Col("seq", 1, ColumnType.LONG, false, right));
    }

    private void addQuotes(final int base, final boolean right)
    {
        columns.add(new Col("ts", base, ColumnType.TIMESTAMP, false, right));
        columns.add(new Col("symbol", SYMBOL_ID, ColumnType.SYMBOL, false, right));
        columns.add(new Col("bid", base + 2, ColumnType.DECIMAL, false, right));
        columns.add(new Col("bid_size", base + 3, ColumnType.LONG, false, right));
        columns.add(new Col("ask", base + 4, ColumnType.DECIMAL, false, right));
        columns.add(new Col("ask_size", base + 5, ColumnType.LONG, false, right));
        columns.add(new Col("seq", base + 1, ColumnType.LONG, false, right));
    }

    static Schema of(final Ast.Query query)
    {
        final Ast.TableRef from = query.from();
        final Kind kind;
        long interval = 0;
        switch (from.name())
        {
            case "trades":
                kind = null == query.asofJoin() ? Kind.TRADES : Kind.ASOF;
                break;
            case "quotes":
                kind = Kind.QUOTES;
                break;
            case "bars_1s":
                kind = Kind.BARS;
                interval = 1_000_000_000L;
                break;
            case "bars_1m":
                kind = Kind.BARS;
                interval = 60_000_000_000L;
                break;
            case "bars_5m":
                kind = Kind.BARS;
                interval = 300_000_000_000L;
                break;
            case "bars_1h":
                kind = Kind.BARS;
                interval = 3_600_000_000_000L;
                break;
            case "bars_1d":
                kind = Kind.BARS;
                interval = 86_400_000_000_000L;
                break;
            default:
                throw new TsqlException(from.line(), from.column(), "unknown table '" + from.name() +
                    "', expected trades, quotes, bars_1s, bars_1m, bars_5m, bars_1h or bars_1d");
        }
        if (null != query.asofJoin())
        {
            final Ast.TableRef join = query.asofJoin();
            if (kind != Kind.ASOF)
            {
                throw new TsqlException(from.line(), from.column(), "ASOF JOIN joins trades to quotes: FROM trades");
            }
            if (!join.name().equals("quotes"))
            {
                throw new TsqlException(join.line(), join.column(),
                    "ASOF JOIN joins trades to quotes, not '" + join.name() + "'");
            }
            final Ast.ColumnRef on = query.joinOn();
            if (!on.name().equals("symbol"))
            {
                throw new TsqlException(on.line(), on.column(), "ASOF JOIN is ON symbol, not '" + on.name() + "'");
            }
        }
        return new Schema(kind, interval, from, query.asofJoin());
    }

    Col resolve(final Ast.ColumnRef ref)
    {
        Boolean right = null;
        if (null != ref.qualifier())
        {
            final String q = ref.qualifier().toLowerCase(Locale.ROOT);
            if (q.equals(leftAlias) || (null == leftAlias && q.equals(leftName)) || q.equals(leftName))
            {
                right = Boolean.FALSE;
            }
            else if (null != rightName && (q.equals(rightAlias) || q.equals(rightName)))
            {
                right = Boolean.TRUE;
            }
            else
            {
                throw new TsqlException(ref.line(), ref.column(), "unknown table or alias '" + ref.qualifier() + "'");
            }
        }
        for (final Col col : columns)
        {
            if (col.name().equals(ref.name()) && (null == right ? true : col.right() == right))
            {
                if (null == right && col.right())
                {
                    // An unqualified name falls through to the joined table only if the left has no such column.
                    boolean onLeft = false;
                    for (final Col other : columns)
                    {
                        onLeft |= !other.right() && other.name().equals(ref.name());
                    }
                    if (onLeft)
                    {
                        continue;
                    }
                }
                return col;
            }
        }
        throw new TsqlException(ref.line(), ref.column(), "unknown column '" + ref.name() + "'");
    }

    List<Col> starColumns()
    {
        final List<Col> out = new ArrayList<>();
        for (final Col col : columns)
        {
            if (!col.name().equals("seq") && !(col.right() && col.name().equals("symbol")))
            {
                out.add(col);
            }
        }
        return out;
    }
}
