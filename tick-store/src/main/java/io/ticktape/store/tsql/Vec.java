package io.ticktape.store.tsql;

/**
 * A compiled expression over a {@link Batch}: evaluates a whole column of values at once into its own scratch
 * array. Exact values (times, integers, decimal mantissas) are longs at a fixed {@link #exponent} for the symbol
 * being scanned; the rest are doubles or booleans.
 */
abstract class Vec
{
    final ColumnType type;
    final int exponent;

    Vec(final ColumnType type, final int exponent)
    {
        this.type = type;
        this.exponent = exponent;
    }

    boolean isExact()
    {
        return type.isExact();
    }

    long[] longs(final Batch b)
    {
        throw new IllegalStateException("not exact: " + type);
    }

    double[] doubles(final Batch b)
    {
        final long[] values = longs(b);
        final double[] out = doubleScratch(b.n);
        for (int i = 0; i < b.n; i++)
        {
            out[i] = Decimals.toDouble(values[i], exponent);
        }
        return out;
    }

    boolean[] bools(final Batch b)
    {
        throw new IllegalStateException("not boolean: " + type);
    }

    /**
     * @return the constant truth value, or null when this is not a boolean constant.
     */
    Boolean constantTruth()
    {
        return null;
    }

    private long[] longScratch;
    private double[] doubleScratch;
    private boolean[] boolScratch;

    final long[] longScratch(final int n)
    {
        if (null == longScratch || longScratch.length < n)
        {
            longScratch = new long[Math.max(n, 1024)];
        }
        return longScratch;
    }

    final double[] doubleScratch(final int n)
    {
        if (null == doubleScratch || doubleScratch.length < n)
        {
            doubleScratch = new double[Math.max(n, 1024)];
        }
        return doubleScratch;
    }

    final boolean[] boolScratch(final int n)
    {
        if (null == boolScratch || boolScratch.length < n)
        {
            boolScratch = new boolean[Math.max(n, 1024)];
        }
        return boolScratch;
    }

    /** A long column of the source. */
    static final class LongColumn extends Vec
    {
        private final int id;

        LongColumn(final int id, final ColumnType type, final int exponent)
        {
            super(type, exponent);
            this.id = id;
        }

        @Override
        long[] longs(final Batch b)
        {
            return b.longs[id];
        }
    }

    /** A double column of the source. */
    static final class DoubleColumn extends Vec
    {
        private final int id;

        DoubleColumn(final int id)
        {
            super(ColumnType.DOUBLE, 0);
            this.id = id;
        }

        @Override
        double[] doubles(final Batch b)
        {
            return b.doubles[id];
        }
    }

    /** An exact constant. */
    static final class LongConst extends Vec
    {
        final long value;

        LongConst(final long value, final ColumnType type, final int exponent)
        {
            super(type, exponent);
            this.value = value;
        }

        @Override
        long[] longs(final Batch b)
        {
            final long[] out = longScratch(b.n);
            java.util.Arrays.fill(out, 0, b.n, value);
            return out;
        }
    }

    /** A double constant. */
    static final class DoubleConst extends Vec
    {
        final double value;

        DoubleConst(final double value)
        {
            super(ColumnType.DOUBLE, 0);
            this.value = value;
        }

        @Override
        double[] doubles(final Batch b)
        {
            final double[] out = doubleScratch(b.n);
            java.util.Arrays.fill(out, 0, b.n, value);
            return out;
        }
    }

    /** The symbol being scanned, or a string literal: folded away before evaluation. */
    static final class Text extends Vec
    {
        final String value;

        Text(final String value)
        {
            super(ColumnType.SYMBOL, 0);
            this.value = value;
        }
    }

    /** A boolean constant (folded symbol predicates). */
    static final class BoolConst extends Vec
    {
        final boolean value;

        BoolConst(final boolean value)
        {
            super(ColumnType.BOOLEAN, 0);
            this.value = value;
        }

        @Override
        Boolean constantTruth()
        {
            return value;
        }

        @Override
        boolean[] bools(final Batch b)
        {
            final boolean[] out = boolScratch(b.n);
            java.util.Arrays.fill(out, 0, b.n, value);
            return out;
        }
    }

    /** +, -, * on exact values, at a common exponent; overflow is an error, never a wrong answer. */
    static final class ExactArith extends Vec
    {
        private final char op;
        private final Vec left;
        private final Vec right;

        ExactArith(final char op, final Vec left, final Vec right, final ColumnType type)
        {
            super(type, op == '*' ? left.exponent + right.exponent : Math.min(left.exponent, right.exponent));
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        long[] longs(final Batch b)
        {
            final long[] l = left.longs(b);
            final long[] r = right.longs(b);
            final long[] out = longScratch(b.n);
            final int n = b.n;
            if (op == '*')
            {
                for (int i = 0; i < n; i++)
                {
                    out[i] = Math.multiplyExact(l[i], r[i]);
                }
                return out;
            }
            final long lf = Decimals.pow10(left.exponent - exponent);
            final long rf = Decimals.pow10(right.exponent - exponent);
            final long sign = op == '-' ? -1 : 1;
            for (int i = 0; i < n; i++)
            {
                out[i] = Math.addExact(Math.multiplyExact(l[i], lf), sign * Math.multiplyExact(r[i], rf));
            }
            return out;
        }
    }

    /** Arithmetic in doubles. */
    static final class DoubleArith extends Vec
    {
        private final char op;
        private final Vec left;
        private final Vec right;

        DoubleArith(final char op, final Vec left, final Vec right)
        {
            super(ColumnType.DOUBLE, 0);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        double[] doubles(final Batch b)
        {
            final double[] l = left.doubles(b);
            final double[] r = right.doubles(b);
            final double[] out = doubleScratch(b.n);
            final int n = b.n;
            switch (op)
            {
                case '+':
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = l[i] + r[i];
                    }
                    break;
                case '-':
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = l[i] - r[i];
                    }
                    break;
                case '*':
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = l[i] * r[i];
                    }
                    break;
                case '/':
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = l[i] / r[i];
                    }
                    break;
                default:
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = l[i] % r[i];
                    }
                    break;
            }
            return out;
        }
    }

    /** Unary minus. */
    static final class Negate extends Vec
    {
        private final Vec operand;

        Negate(final Vec operand)
        {
            super(operand.type, operand.exponent);
            this.operand = operand;
        }

        @Override
        long[] longs(final Batch b)
        {
            final long[] v = operand.longs(b);
            final long[] out = longScratch(b.n);
            for (int i = 0; i < b.n; i++)
            {
                out[i] = Math.negateExact(v[i]);
            }
            return out;
        }

        @Override
        double[] doubles(final Batch b)
        {
            if (operand.isExact())
            {
                return super.doubles(b);
            }
            final double[] v = operand.doubles(b);
            final double[] out = doubleScratch(b.n);
            for (int i = 0; i < b.n; i++)
            {
                out[i] = -v[i];
            }
            return out;
        }
    }

    /** A comparison; exact operands compare exactly at a common exponent. */
    static final class Compare extends Vec
    {
        private final String op;
        private final Vec left;
        private final Vec right;

        Compare(final String op, final Vec left, final Vec right)
        {
            super(ColumnType.BOOLEAN, 0);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        boolean[] bools(final Batch b)
        {
            final boolean[] out = boolScratch(b.n);
            final int n = b.n;
            if (left.isExact() && right.isExact())
            {
                final int common = Math.min(left.exponent, right.exponent);
                final long[] l = left.longs(b);
                final long[] r = right.longs(b);
                final long lf = Decimals.pow10(left.exponent - common);
                final long rf = Decimals.pow10(right.exponent - common);
                if (right instanceof LongConst c && lf == 1)
                {
                    compareConst(l, Math.multiplyExact(c.value, rf), out, n);
                    return out;
                }
                for (int i = 0; i < n; i++)
                {
                    out[i] = test(Long.compare(Math.multiplyExact(l[i], lf), Math.multiplyExact(r[i], rf)));
                }
                return out;
            }
            final double[] l = left.doubles(b);
            final double[] r = right.doubles(b);
            for (int i = 0; i < n; i++)
            {
                out[i] = test(Double.compare(l[i], r[i]));
            }
            return out;
        }

        private void compareConst(final long[] l, final long c, final boolean[] out, final int n)
        {
            switch (op)
            {
                case "<":
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = l[i] < c;
                    }
                    break;
                case "<=":
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = l[i] <= c;
                    }
                    break;
                case ">":
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = l[i] > c;
                    }
                    break;
                case ">=":
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = l[i] >= c;
                    }
                    break;
                default:
                    for (int i = 0; i < n; i++)
                    {
                        out[i] = test(Long.compare(l[i], c));
                    }
                    break;
            }
        }

        private boolean test(final int cmp)
        {
            switch (op)
            {
                case "=":
                    return cmp == 0;
                case "!=":
                    return cmp != 0;
                case "<":
                    return cmp < 0;
                case "<=":
                    return cmp <= 0;
                case ">":
                    return cmp > 0;
                default:
                    return cmp >= 0;
            }
        }
    }

    /** AND / OR of two predicates. */
    static final class Logic extends Vec
    {
        private final boolean and;
        private final Vec left;
        private final Vec right;

        Logic(final boolean and, final Vec left, final Vec right)
        {
            super(ColumnType.BOOLEAN, 0);
            this.and = and;
            this.left = left;
            this.right = right;
        }

        @Override
        boolean[] bools(final Batch b)
        {
            final boolean[] l = left.bools(b);
            final boolean[] r = right.bools(b);
            final boolean[] out = boolScratch(b.n);
            for (int i = 0; i < b.n; i++)
            {
                out[i] = and ? l[i] & r[i] : l[i] | r[i];
            }
            return out;
        }
    }

    /** NOT. */
    static final class Not extends Vec
    {
        private final Vec operand;

        Not(final Vec operand)
        {
            super(ColumnType.BOOLEAN, 0);
            this.operand = operand;
        }

        @Override
        boolean[] bools(final Batch b)
        {
            final boolean[] v = operand.bools(b);
            final boolean[] out = boolScratch(b.n);
            for (int i = 0; i < b.n; i++)
            {
                out[i] = !v[i];
            }
            return out;
        }
    }

    /** abs(x). */
    static final class Abs extends Vec
    {
        private final Vec operand;

        Abs(final Vec operand)
        {
            super(operand.type, operand.exponent);
            this.operand = operand;
        }

        @Override
        long[] longs(final Batch b)
        {
            final long[] v = operand.longs(b);
            final long[] out = longScratch(b.n);
            for (int i = 0; i < b.n; i++)
            {
                out[i] = Math.absExact(v[i]);
            }
            return out;
        }

        @Override
        double[] doubles(final Batch b)
        {
            if (operand.isExact())
            {
                return super.doubles(b);
            }
            final double[] v = operand.doubles(b);
            final double[] out = doubleScratch(b.n);
            for (int i = 0; i < b.n; i++)
            {
                out[i] = Math.abs(v[i]);
            }
            return out;
        }
    }
}
