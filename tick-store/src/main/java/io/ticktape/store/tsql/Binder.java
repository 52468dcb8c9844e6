package io.ticktape.store.tsql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks expressions against a {@link Schema} (types, names, where aggregates may appear), and compiles them into
 * {@link Vec}s for one symbol at a time, folding predicates on {@code symbol} into constants so a scan of a symbol
 * the query excludes never starts.
 */
final class Binder
{
    static final Set<String> AGGREGATES = Set.of(
        "count", "sum", "avg", "min", "max", "first", "last", "vwap", "stddev", "stddev_samp", "variance",
        "var_samp", "percentile");

    private final Schema schema;
    private boolean linearFill;

    Binder(final Schema schema)
    {
        this.schema = schema;
    }

    Schema schema()
    {
        return schema;
    }

    void linearFill(final boolean linearFill)
    {
        this.linearFill = linearFill;
    }

    static boolean isAggregate(final Ast.Expr e)
    {
        return e instanceof Ast.Call c && AGGREGATES.contains(c.name());
    }

    static boolean containsAggregate(final Ast.Expr e)
    {
        if (isAggregate(e))
        {
            return true;
        }
        if (e instanceof Ast.Unary u)
        {
            return containsAggregate(u.operand());
        }
        if (e instanceof Ast.Binary b)
        {
            return containsAggregate(b.left()) || containsAggregate(b.right());
        }
        if (e instanceof Ast.Call c)
        {
            for (final Ast.Expr arg : c.args())
            {
                if (containsAggregate(arg))
                {
                    return true;
                }
            }
        }
        if (e instanceof Ast.Between b)
        {
            return containsAggregate(b.value()) || containsAggregate(b.low()) || containsAggregate(b.high());
        }
        if (e instanceof Ast.In in)
        {
            if (containsAggregate(in.value()))
            {
                return true;
            }
            for (final Ast.Expr item : in.list())
            {
                if (containsAggregate(item))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The static type of an expression, checking it on the way.
     *
     * @param e        expression.
     * @param allowAgg whether aggregate calls may appear (select list, ORDER BY of an aggregate query).
     * @return its type.
     */
    ColumnType typeOf(final Ast.Expr e, final boolean allowAgg)
    {
        if (e instanceof Ast.ColumnRef c)
        {
            return schema.resolve(c).type();
        }
        if (e instanceof Ast.NumberLit n)
        {
            return n.isDouble() ? ColumnType.DOUBLE : n.exponent() < 0 ? ColumnType.DECIMAL : ColumnType.LONG;
        }
        if (e instanceof Ast.StringLit)
        {
            return ColumnType.SYMBOL;
        }
        if (e instanceof Ast.NullLit)
        {
            throw error(e, "NULL is not supported here");
        }
        if (e instanceof Ast.Unary u)
        {
            final ColumnType t = typeOf(u.operand(), allowAgg);
            if (u.op().equals("NOT"))
            {
                requireBoolean(u.operand(), t);
                return ColumnType.BOOLEAN;
            }
            requireNumeric(u.operand(), t);
            return t == ColumnType.TIMESTAMP ? ColumnType.LONG : t;
        }
        if (e instanceof Ast.Binary b)
        {
            return binaryType(b, allowAgg);
        }
        if (e instanceof Ast.Between b)
        {
            comparable(b.value(), b.low(), allowAgg);
            comparable(b.value(), b.high(), allowAgg);
            return ColumnType.BOOLEAN;
        }
        if (e instanceof Ast.In in)
        {
            for (final Ast.Expr item : in.list())
            {
                comparable(in.value(), item, allowAgg);
            }
            return ColumnType.BOOLEAN;
        }
        if (e instanceof Ast.Call c)
        {
            return callType(c, allowAgg);
        }
        throw error(e, "unsupported expression");
    }

    private ColumnType binaryType(final Ast.Binary b, final boolean allowAgg)
    {
        final String op = b.op();
        if (op.equals("AND") || op.equals("OR"))
        {
            requireBoolean(b.left(), typeOf(b.left(), allowAgg));
            requireBoolean(b.right(), typeOf(b.right(), allowAgg));
            return ColumnType.BOOLEAN;
        }
        if (op.equals("=") || op.equals("!=") || op.equals("<") || op.equals("<=") || op.equals(">") ||
            op.equals(">="))
        {
            comparable(b.left(), b.right(), allowAgg);
            return ColumnType.BOOLEAN;
        }
        final ColumnType l = typeOf(b.left(), allowAgg);
        final ColumnType r = typeOf(b.right(), allowAgg);
        requireNumeric(b.left(), l);
        requireNumeric(b.right(), r);
        if (op.equals("/") || op.equals("%") || l == ColumnType.DOUBLE || r == ColumnType.DOUBLE)
        {
            return ColumnType.DOUBLE;
        }
        if (l == ColumnType.TIMESTAMP || r == ColumnType.TIMESTAMP)
        {
            if (op.equals("-") && l == ColumnType.TIMESTAMP && r == ColumnType.TIMESTAMP)
            {
                return ColumnType.LONG;
            }
            if ((op.equals("+") || op.equals("-")) && l == ColumnType.TIMESTAMP && r == ColumnType.LONG)
            {
                return ColumnType.TIMESTAMP;
            }
            if (op.equals("+") && r == ColumnType.TIMESTAMP && l == ColumnType.LONG)
            {
                return ColumnType.TIMESTAMP;
            }
            throw new TsqlException(b.line(), b.column(), "cannot apply '" + op + "' to a timestamp here");
        }
        return l == ColumnType.DECIMAL || r == ColumnType.DECIMAL ? ColumnType.DECIMAL : ColumnType.LONG;
    }

    private void comparable(final Ast.Expr left, final Ast.Expr right, final boolean allowAgg)
    {
        final ColumnType l = typeOf(left, allowAgg);
        final ColumnType r = typeOf(right, allowAgg);
        if (l == ColumnType.SYMBOL || r == ColumnType.SYMBOL)
        {
            if (l == ColumnType.TIMESTAMP && right instanceof Ast.StringLit s)
            {
                parseTime(s);
                return;
            }
            if (r == ColumnType.TIMESTAMP && left instanceof Ast.StringLit s)
            {
                parseTime(s);
                return;
            }
            if (l != r)
            {
                final Ast.Expr culprit = l == ColumnType.SYMBOL ? right : left;
                throw error(culprit, "cannot compare text with " + (l == ColumnType.SYMBOL ? r : l).name()
                    .toLowerCase(java.util.Locale.ROOT) + " '" + Parser.text(culprit) + "'");
            }
            return;
        }
        if (l == ColumnType.BOOLEAN || r == ColumnType.BOOLEAN)
        {
            throw error(left, "cannot compare boolean values");
        }
    }

    private ColumnType callType(final Ast.Call c, final boolean allowAgg)
    {
        if (!AGGREGATES.contains(c.name()))
        {
            if (c.name().equals("abs") && c.args().size() == 1)
            {
                final ColumnType t = typeOf(c.args().get(0), allowAgg);
                requireNumeric(c.args().get(0), t);
                return t;
            }
            throw error(c, "unknown function '" + c.name() + "'");
        }
        if (!allowAgg)
        {
            throw error(c, "aggregate '" + c.name() + "' is not allowed here");
        }
        for (final Ast.Expr arg : c.args())
        {
            if (containsAggregate(arg))
            {
                throw error(arg, "aggregates cannot be nested");
            }
        }
        final List<Ast.Expr> args = c.args();
        final ColumnType result;
        switch (c.name())
        {
            case "count":
                if (!c.star() && args.size() > 1)
                {
                    throw error(c, "count takes * or one argument");
                }
                if (args.size() == 1)
                {
                    typeOf(args.get(0), false);
                }
                result = ColumnType.LONG;
                break;
            case "vwap":
                arity(c, 2);
                requireNumeric(args.get(0), typeOf(args.get(0), false));
                requireNumeric(args.get(1), typeOf(args.get(1), false));
                result = ColumnType.DOUBLE;
                break;
            case "percentile":
                arity(c, 2);
                requireNumeric(args.get(0), typeOf(args.get(0), false));
                if (!(args.get(1) instanceof Ast.NumberLit p) || p.doubleValue() < 0 || p.doubleValue() > 1)
                {
                    throw error(args.get(1), "percentile's second argument is a fraction from 0 to 1, e.g. 0.95");
                }
                result = ColumnType.DOUBLE;
                break;
            default:
                arity(c, 1);
                final ColumnType t = typeOf(args.get(0), false);
                requireNumeric(args.get(0), t);
                switch (c.name())
                {
                    case "sum":
                        result = t == ColumnType.TIMESTAMP ? ColumnType.LONG : t;
                        break;
                    case "min":
                    case "max":
                    case "first":
                    case "last":
                        result = t;
                        break;
                    default:
                        result = ColumnType.DOUBLE;
                        break;
                }
                break;
        }
        if (linearFill && result != ColumnType.TIMESTAMP)
        {
            return ColumnType.DOUBLE;
        }
        return result;
    }

    private static void arity(final Ast.Call c, final int n)
    {
        if (c.star() || c.args().size() != n)
        {
            throw error(c, c.name() + " takes " + n + (n == 1 ? " argument" : " arguments"));
        }
    }

    private static void requireNumeric(final Ast.Expr e, final ColumnType t)
    {
        if (!t.isNumeric())
        {
            throw error(e, "expected a number, found " + (t == ColumnType.SYMBOL ? "text" : t.name()
                .toLowerCase(java.util.Locale.ROOT)) + " '" + Parser.text(e) + "'");
        }
    }

    private static void requireBoolean(final Ast.Expr e, final ColumnType t)
    {
        if (t != ColumnType.BOOLEAN)
        {
            throw error(e, "expected a condition, found '" + Parser.text(e) + "'");
        }
    }

    static TsqlException error(final Ast.Expr e, final String message)
    {
        return new TsqlException(e.line(), e.column(), message);
    }

    /**
     * @param s ISO-8601 ({@code 2026-01-05T09:30}, with seconds, fraction, Z or offset; a date alone is midnight
     * UTC) or epoch nanoseconds.
     * @return epoch nanoseconds.
     */
    static long parseTime(final Ast.StringLit s)
    {
        final String text = s.value().trim();
        try
        {
            if (!text.isEmpty() && text.chars().allMatch(ch -> Character.isDigit(ch) || ch == '-') &&
                text.lastIndexOf('-') <= 0)
            {
                return Long.parseLong(text);
            }
            Instant instant;
            try
            {
                instant = OffsetDateTime.parse(text).toInstant();
            }
            catch (final DateTimeParseException ex)
            {
                try
                {
                    instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                }
                catch (final DateTimeParseException ex2)
                {
                    instant = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
            }
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException | NumberFormatException ex)
        {
            throw new TsqlException(s.line(), s.column(), "bad time '" + s.value() +
                "', expected ISO-8601 (2026-01-05T09:30) or epoch nanoseconds");
        }
    }

    /**
     * Compile for one symbol.
     *
     * @param e        a checked expression without aggregates.
     * @param symbol   the symbol being scanned.
     * @param exponent its price exponent.
     * @param aggs     aggregate calls already replaced (unused here; null).
     * @return the vector expression.
     */
    Vec compile(final Ast.Expr e, final String symbol, final int exponent, final Map<Ast.Expr, Vec> aggs)
    {
        if (e instanceof Ast.ColumnRef c)
        {
            final Schema.Col col = schema.resolve(c);
            if (col.type() == ColumnType.SYMBOL)
            {
                return new Vec.Text(symbol);
            }
            if (col.isDouble())
            {
                return new Vec.DoubleColumn(col.id());
            }
            return new Vec.LongColumn(col.id(), col.type(), col.type() == ColumnType.DECIMAL ? exponent : 0);
        }
        if (e instanceof Ast.NumberLit n)
        {
            if (n.isDouble())
            {
                return new Vec.DoubleConst(n.doubleValue());
            }
            return new Vec.LongConst(n.mantissa(), n.exponent() < 0 ? ColumnType.DECIMAL : ColumnType.LONG,
                n.exponent());
        }
        if (e instanceof Ast.StringLit s)
        {
            return new Vec.Text(s.value());
        }
        if (e instanceof Ast.Unary u)
        {
            final Vec operand = compile(u.operand(), symbol, exponent, aggs);
            if (u.op().equals("NOT"))
            {
                final Boolean truth = operand.constantTruth();
                return null != truth ? new Vec.BoolConst(!truth) : new Vec.Not(operand);
            }
            return new Vec.Negate(operand);
        }
        if (e instanceof Ast.Call c)
        {
            final Vec arg = compile(c.args().get(0), symbol, exponent, aggs);
            return new Vec.Abs(arg);
        }
        if (e instanceof Ast.Between b)
        {
            final Vec low = compare(">=", b.value(), b.low(), symbol, exponent, aggs);
            final Vec high = compare("<=", b.value(), b.high(), symbol, exponent, aggs);
            final Vec both = logic(true, low, high);
            return b.negated() ? not(both) : both;
        }
        if (e instanceof Ast.In in)
        {
            Vec any = new Vec.BoolConst(false);
            for (final Ast.Expr item : in.list())
            {
                any = logic(false, any, compare("=", in.value(), item, symbol, exponent, aggs));
            }
            return in.negated() ? not(any) : any;
        }
        final Ast.Binary b = (Ast.Binary)e;
        switch (b.op())
        {
            case "AND":
                return logic(true, compile(b.left(), symbol, exponent, aggs), compile(b.right(), symbol, exponent,
                    aggs));
            case "OR":
                return logic(false, compile(b.left(), symbol, exponent, aggs), compile(b.right(), symbol, exponent,
                    aggs));
            case "=":
            case "!=":
            case "<":
            case "<=":
            case ">":
            case ">=":
                return compare(b.op(), b.left(), b.right(), symbol, exponent, aggs);
            default:
                final Vec l = compile(b.left(), symbol, exponent, aggs);
                final Vec r = compile(b.right(), symbol, exponent, aggs);
                final ColumnType type = typeOf(b, false);
                if (type == ColumnType.DOUBLE)
                {
                    return new Vec.DoubleArith(b.op().charAt(0), l, r);
                }
                return new Vec.ExactArith(b.op().charAt(0), l, r, type);
        }
    }

    private Vec compare(
        final String op, final Ast.Expr left, final Ast.Expr right, final String symbol, final int exponent,
        final Map<Ast.Expr, Vec> aggs)
    {
        Vec l = compile(left, symbol, exponent, aggs);
        Vec r = compile(right, symbol, exponent, aggs);
        if (l instanceof Vec.Text && r.type == ColumnType.TIMESTAMP)
        {
            l = new Vec.LongConst(parseTime((Ast.StringLit)left), ColumnType.TIMESTAMP, 0);
        }
        if (r instanceof Vec.Text && l.type == ColumnType.TIMESTAMP)
        {
            r = new Vec.LongConst(parseTime((Ast.StringLit)right), ColumnType.TIMESTAMP, 0);
        }
        if (l instanceof Vec.Text lt && r instanceof Vec.Text rt)
        {
            final int cmp = lt.value.compareTo(rt.value);
            final boolean truth;
            switch (op)
            {
                case "=":
                    truth = cmp == 0;
                    break;
                case "!=":
                    truth = cmp != 0;
                    break;
                case "<":
                    truth = cmp < 0;
                    break;
                case "<=":
                    truth = cmp <= 0;
                    break;
                case ">":
                    truth = cmp > 0;
                    break;
                default:
                    truth = cmp >= 0;
                    break;
            }
            return new Vec.BoolConst(truth);
        }
        return new Vec.Compare(op, l, r);
    }

    private static Vec logic(final boolean and, final Vec l, final Vec r)
    {
        final Boolean lt = l.constantTruth();
        final Boolean rt = r.constantTruth();
        if (null != lt)
        {
            return and ? (lt ? r : l) : (lt ? l : r);
        }
        if (null != rt)
        {
            return and ? (rt ? l : r) : (rt ? r : l);
        }
        return new Vec.Logic(and, l, r);
    }

    private static Vec not(final Vec v)
    {
        final Boolean truth = v.constantTruth();
        return null != truth ? new Vec.BoolConst(!truth) : new Vec.Not(v);
    }
}
