package io.ticktape.store.tsql;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Row-at-a-time evaluation of select items over aggregate values (e.g. {@code max(price) - min(price)}): one call
 * per output row, on the small side of a query. Exact values stay BigDecimal, null propagates.
 */
final class Scalar
{
    private Scalar()
    {
    }

    static Object eval(
        final Ast.Expr e, final Plan plan, final Object[] aggValues, final long bucket, final String symbol)
    {
        if (Binder.isAggregate(e))
        {
            return aggValues[plan.aggIndex.get(Parser.text(e).toLowerCase(java.util.Locale.ROOT))];
        }
        if (e instanceof Ast.ColumnRef ref)
        {
            final Schema.Col col = plan.schema.resolve(ref);
            return col.type() == ColumnType.SYMBOL ? symbol : (Object)bucket;
        }
        if (e instanceof Ast.NumberLit n)
        {
            if (n.isDouble())
            {
                return n.doubleValue();
            }
            return n.exponent() == 0 ? (Object)n.mantissa() : BigDecimal.valueOf(n.mantissa(), -n.exponent());
        }
        if (e instanceof Ast.StringLit s)
        {
            return s.value();
        }
        if (e instanceof Ast.Unary u)
        {
            final Object v = eval(u.operand(), plan, aggValues, bucket, symbol);
            if (null == v)
            {
                return null;
            }
            if (u.op().equals("NOT"))
            {
                return !(Boolean)v;
            }
            if (v instanceof Double d)
            {
                return -d;
            }
            return v instanceof Long l ? (Object)Math.negateExact(l) : ((BigDecimal)v).negate();
        }
        if (e instanceof Ast.Call c)
        {
            final Object v = eval(c.args().get(0), plan, aggValues, bucket, symbol);
            if (null == v)
            {
                return null;
            }
            if (v instanceof Double d)
            {
                return Math.abs(d);
            }
            return v instanceof Long l ? (Object)Math.absExact(l) : ((BigDecimal)v).abs();
        }
        if (e instanceof Ast.Between b)
        {
            final Object v = eval(b.value(), plan, aggValues, bucket, symbol);
            final Object lo = eval(b.low(), plan, aggValues, bucket, symbol);
            final Object hi = eval(b.high(), plan, aggValues, bucket, symbol);
            if (null == v || null == lo || null == hi)
            {
                return null;
            }
            final boolean in = compare(v, lo) >= 0 && compare(v, hi) <= 0;
            return in != b.negated();
        }
        if (e instanceof Ast.In in)
        {
            final Object v = eval(in.value(), plan, aggValues, bucket, symbol);
            if (null == v)
            {
                return null;
            }
            boolean any = false;
            for (final Ast.Expr item : in.list())
            {
                final Object x = eval(item, plan, aggValues, bucket, symbol);
                any |= null != x && compare(v, x) == 0;
            }
            return any != in.negated();
        }
        final Ast.Binary b = (Ast.Binary)e;
        final Object l = eval(b.left(), plan, aggValues, bucket, symbol);
        final Object r = eval(b.right(), plan, aggValues, bucket, symbol);
        switch (b.op())
        {
            case "AND":
                return null == l || null == r ? null : (Boolean)l && (Boolean)r;
            case "OR":
                return null == l || null == r ? null : (Boolean)l || (Boolean)r;
            default:
                break;
        }
        if (null == l || null == r)
        {
            return null;
        }
        switch (b.op())
        {
            case "=":
                return compare(l, r) == 0;
            case "!=":
                return compare(l, r) != 0;
            case "<":
                return compare(l, r) < 0;
            case "<=":
                return compare(l, r) <= 0;
            case ">":
                return compare(l, r) > 0;
            case ">=":
                return compare(l, r) >= 0;
            default:
                break;
        }
        final char op = b.op().charAt(0);
        if (l instanceof Double || r instanceof Double || op == '/' || op == '%')
        {
            final double x = toDouble(l);
            final double y = toDouble(r);
            switch (op)
            {
                case '+':
                    return x + y;
                case '-':
                    return x - y;
                case '*':
                    return x * y;
                case '/':
                    return x / y;
                default:
                    return x % y;
            }
        }
        final BigDecimal x = toDecimal(l);
        final BigDecimal y = toDecimal(r);
        final BigDecimal z;
        switch (op)
        {
            case '+':
                z = x.add(y);
                break;
            case '-':
                z = x.subtract(y);
                break;
            default:
                z = x.multiply(y, MathContext.UNLIMITED);
                break;
        }
        return l instanceof Long && r instanceof Long ? (Object)z.longValueExact() : z;
    }

    private static int compare(final Object l, final Object r)
    {
        if (l instanceof String || r instanceof String)
        {
            if (l instanceof Long && r instanceof String s)
            {
                return Long.compare((Long)l, Binder.parseTime(new Ast.StringLit(s, 0, 0)));
            }
            if (r instanceof Long && l instanceof String s)
            {
                return Long.compare(Binder.parseTime(new Ast.StringLit(s, 0, 0)), (Long)r);
            }
            return l.toString().compareTo(r.toString());
        }
        if (l instanceof Double || r instanceof Double)
        {
            return Double.compare(toDouble(l), toDouble(r));
        }
        return toDecimal(l).compareTo(toDecimal(r));
    }

    private static double toDouble(final Object v)
    {
        return v instanceof BigDecimal d ? d.doubleValue() : ((Number)v).doubleValue();
    }

    private static BigDecimal toDecimal(final Object v)
    {
        return v instanceof BigDecimal d ? d : BigDecimal.valueOf((Long)v);
    }
}
