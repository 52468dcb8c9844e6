package io.ticktape.store.tsql;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * An aggregate's state for many groups ("slots"), in primitive arrays indexed by slot. A scan hands it runs of
 * consecutive rows that fall in one slot; each run is folded into a local partial in a tight loop over the
 * argument's column and then combined with the slot's state, so groups from different symbols (different price
 * exponents) combine exactly too.
 */
abstract class Agg
{
    final ColumnType outType;
    Vec arg;
    Vec arg2;
    int capacity;

    Agg(final ColumnType outType)
    {
        this.outType = outType;
    }

    /** Called once per symbol with the argument compiled for it. */
    void bind(final Vec arg, final Vec arg2)
    {
        this.arg = arg;
        this.arg2 = arg2;
    }

    /** Evaluate the arguments over a batch before runs are accumulated. */
    abstract void prepare(Batch b);

    /** Fold rows {@code [from, to)} of the prepared batch into a slot. */
    abstract void accumulate(int slot, int from, int to, Batch b);

    /** Make room for slots {@code [0, slots)}; new slots start empty. */
    void ensure(final int slots)
    {
        if (slots > capacity)
        {
            final int newCapacity = Math.max(slots, Math.max(16, capacity * 2));
            grow(capacity, newCapacity);
            capacity = newCapacity;
        }
    }

    abstract void grow(int oldCapacity, int newCapacity);

    /** The slot's value: Long, BigDecimal, Double or null. */
    abstract Object value(int slot);

    /** The slot's value as a double (LINEAR fills), NaN for null. */
    double doubleValue(final int slot)
    {
        final Object v = value(slot);
        if (null == v)
        {
            return Double.NaN;
        }
        return v instanceof BigDecimal d ? d.doubleValue() : ((Number)v).doubleValue();
    }

    /** Append the slot's value to a result column. */
    void emit(final int slot, final QueryResult.Column out)
    {
        final Object v = value(slot);
        if (null == v)
        {
            out.appendNull();
        }
        else if (out.type == ColumnType.DOUBLE)
        {
            out.appendDouble(doubleValue(slot));
        }
        else if (v instanceof BigDecimal d)
        {
            out.appendDecimal(d.unscaledValue().longValueExact(), -d.scale());
        }
        else
        {
            out.appendLong((Long)v);
        }
    }

    /** Append a double result; NaN means no value (null). */
    static void emitDouble(final double value, final QueryResult.Column out)
    {
        if (Double.isNaN(value))
        {
            out.appendNull();
        }
        else
        {
            out.appendDouble(value);
        }
    }

    static Agg create(final String name, final ColumnType argType, final double fraction)
    {
        final boolean exact = null != argType && argType.isExact();
        switch (name)
        {
            case "count":
                return new Count();
            case "sum":
                return exact ? new SumExact(argType == ColumnType.TIMESTAMP ? ColumnType.LONG : argType) :
                    new SumDouble();
            case "avg":
                return new Avg();
            case "min":
                return exact ? new ExtremeExact(argType, false) : new ExtremeDouble(false);
            case "max":
                return exact ? new ExtremeExact(argType, true) : new ExtremeDouble(true);
            case "first":
                return exact ? new FirstLastExact(argType, false) : new FirstLastDouble(false);
            case "last":
                return exact ? new FirstLastExact(argType, true) : new FirstLastDouble(true);
            case "vwap":
                return new Vwap();
            case "stddev":
            case "stddev_samp":
                return new Variance(true);
            case "variance":
            case "var_samp":
                return new Variance(false);
            default:
                return new Percentile(fraction);
        }
    }

    /** count(*) and count(x): nothing is null in a scan, so both count rows. */
    static final class Count extends Agg
    {
        private long[] counts = new long[0];

        Count()
        {
            super(ColumnType.LONG);
        }

        @Override
        void prepare(final Batch b)
        {
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            counts[slot] += to - from;
        }

        @Override
        void grow(final int oldCapacity, final int newCapacity)
        {
            counts = Arrays.copyOf(counts, newCapacity);
        }

        @Override
        Object value(final int slot)
        {
            return counts[slot];
        }

        @Override
        void emit(final int slot, final QueryResult.Column out)
        {
            if (out.type == ColumnType.DOUBLE)
            {
                out.appendDouble(counts[slot]);
            }
            else
            {
                out.appendLong(counts[slot]);
            }
        }
    }

    /** Shared state of aggregates whose value is one exact number per slot. */
    abstract static class ExactSlot extends Agg
    {
        long[] mantissa = new long[0];
        int[] exponent = new int[0];
        boolean[] has = new boolean[0];
        long[] values;

        ExactSlot(final ColumnType outType)
        {
            super(outType);
        }

        @Override
        void prepare(final Batch b)
        {
            values = arg.longs(b);
        }

        @Override
        void grow(final int oldCapacity, final int newCapacity)
        {
            mantissa = Arrays.copyOf(mantissa, newCapacity);
            exponent = Arrays.copyOf(exponent, newCapacity);
            has = Arrays.copyOf(has, newCapacity);
        }

        @Override
        Object value(final int slot)
        {
            if (!has[slot])
            {
                return null;
            }
            if (outType == ColumnType.DECIMAL)
            {
                return BigDecimal.valueOf(mantissa[slot], -exponent[slot]);
            }
            return mantissa[slot];
        }

        @Override
        double doubleValue(final int slot)
        {
            return has[slot] ? Decimals.toDouble(mantissa[slot], exponent[slot]) : Double.NaN;
        }

        @Override
        void emit(final int slot, final QueryResult.Column out)
        {
            if (!has[slot])
            {
                out.appendNull();
            }
            else if (out.type == ColumnType.DOUBLE)
            {
                out.appendDouble(doubleValue(slot));
            }
            else
            {
                out.appendDecimal(mantissa[slot], exponent[slot]);
            }
        }
    }

    /** sum of exact values: exact, an overflow is an error. */
    static final class SumExact extends ExactSlot
    {
        SumExact(final ColumnType outType)
        {
            super(outType);
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            final long[] v = values;
            long sum = 0;
            for (int i = from; i < to; i++)
            {
                sum = Math.addExact(sum, v[i]);
            }
            final int e = arg.exponent;
            if (!has[slot])
            {
                has[slot] = true;
                mantissa[slot] = sum;
                exponent[slot] = e;
            }
            else if (exponent[slot] == e)
            {
                mantissa[slot] = Math.addExact(mantissa[slot], sum);
            }
            else
            {
                final int common = Math.min(e, exponent[slot]);
                mantissa[slot] = Math.addExact(Decimals.rescale(mantissa[slot], exponent[slot], common),
                    Decimals.rescale(sum, e, common));
                exponent[slot] = common;
            }
        }
    }

    /** min or max of exact values. */
    static final class ExtremeExact extends ExactSlot
    {
        private final boolean max;

        ExtremeExact(final ColumnType outType, final boolean max)
        {
            super(outType);
            this.max = max;
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            final long[] v = values;
            long best = v[from];
            if (max)
            {
                for (int i = from + 1; i < to; i++)
                {
                    best = Math.max(best, v[i]);
                }
            }
            else
            {
                for (int i = from + 1; i < to; i++)
                {
                    best = Math.min(best, v[i]);
                }
            }
            final int e = arg.exponent;
            if (!has[slot])
            {
                has[slot] = true;
                mantissa[slot] = best;
                exponent[slot] = e;
                return;
            }
            final int cmp = Decimals.compare(best, e, mantissa[slot], exponent[slot]);
            if (max ? cmp > 0 : cmp < 0)
            {
                mantissa[slot] = best;
                exponent[slot] = e;
            }
        }
    }

    /** first or last in (ts, seq) order. */
    static final class FirstLastExact extends ExactSlot
    {
        private final boolean last;
        private long[] ts = new long[0];
        private long[] seq = new long[0];

        FirstLastExact(final ColumnType outType, final boolean last)
        {
            super(outType);
            this.last = last;
        }

        @Override
        void grow(final int oldCapacity, final int newCapacity)
        {
            super.grow(oldCapacity, newCapacity);
            ts = Arrays.copyOf(ts, newCapacity);
            seq = Arrays.copyOf(seq, newCapacity);
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            final int row = last ? to - 1 : from;
            final long rowTs = b.longs[0][row];
            final long rowSeq = b.longs[1][row];
            if (has[slot])
            {
                final int cmp = rowTs != ts[slot] ? Long.compare(rowTs, ts[slot]) : Long.compare(rowSeq, seq[slot]);
                if (last ? cmp < 0 : cmp > 0)
                {
                    return;
                }
            }
            has[slot] = true;
            mantissa[slot] = values[row];
            exponent[slot] = arg.exponent;
            ts[slot] = rowTs;
            seq[slot] = rowSeq;
        }
    }

    /** Shared state of aggregates with one double per slot. */
    abstract static class DoubleSlot extends Agg
    {
        double[] state = new double[0];
        boolean[] has = new boolean[0];
        double[] values;

        DoubleSlot(final ColumnType outType)
        {
            super(outType);
        }

        @Override
        void prepare(final Batch b)
        {
            values = arg.doubles(b);
        }

        @Override
        void grow(final int oldCapacity, final int newCapacity)
        {
            state = Arrays.copyOf(state, newCapacity);
            has = Arrays.copyOf(has, newCapacity);
        }

        @Override
        Object value(final int slot)
        {
            return has[slot] ? state[slot] : null;
        }

        @Override
        double doubleValue(final int slot)
        {
            return has[slot] ? state[slot] : Double.NaN;
        }

        @Override
        void emit(final int slot, final QueryResult.Column out)
        {
            if (has[slot])
            {
                out.appendDouble(state[slot]);
            }
            else
            {
                out.appendNull();
            }
        }
    }

    /** sum of doubles. */
    static final class SumDouble extends DoubleSlot
    {
        SumDouble()
        {
            super(ColumnType.DOUBLE);
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            double sum = 0;
            for (int i = from; i < to; i++)
            {
                sum += values[i];
            }
            state[slot] += sum;
            has[slot] = true;
        }
    }

    /** min or max of doubles. */
    static final class ExtremeDouble extends DoubleSlot
    {
        private final boolean max;

        ExtremeDouble(final boolean max)
        {
            super(ColumnType.DOUBLE);
            this.max = max;
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            double best = values[from];
            for (int i = from + 1; i < to; i++)
            {
                best = max ? Math.max(best, values[i]) : Math.min(best, values[i]);
            }
            if (!has[slot] || (max ? best > state[slot] : best < state[slot]))
            {
                state[slot] = best;
            }
            has[slot] = true;
        }
    }

    /** first or last double in (ts, seq) order. */
    static final class FirstLastDouble extends DoubleSlot
    {
        private final boolean last;
        private long[] ts = new long[0];
        private long[] seq = new long[0];

        FirstLastDouble(final boolean last)
        {
            super(ColumnType.DOUBLE);
            this.last = last;
        }

        @Override
        void grow(final int oldCapacity, final int newCapacity)
        {
            super.grow(oldCapacity, newCapacity);
            ts = Arrays.copyOf(ts, newCapacity);
            seq = Arrays.copyOf(seq, newCapacity);
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            final int row = last ? to - 1 : from;
            final long rowTs = b.longs[0][row];
            final long rowSeq = b.longs[1][row];
            if (has[slot])
            {
                final int cmp = rowTs != ts[slot] ? Long.compare(rowTs, ts[slot]) : Long.compare(rowSeq, seq[slot]);
                if (last ? cmp < 0 : cmp > 0)
                {
                    return;
                }
            }
            has[slot] = true;
            state[slot] = values[row];
            ts[slot] = rowTs;
            seq[slot] = rowSeq;
        }
    }

    /** avg: a double sum of values (exact runs summed as mantissas first) and a count. */
    static final class Avg extends Agg
    {
        private double[] sum = new double[0];
        private long[] count = new long[0];
        private long[] exactValues;
        private double[] doubleValues;

        Avg()
        {
            super(ColumnType.DOUBLE);
        }

        @Override
        void prepare(final Batch b)
        {
            if (arg.isExact())
            {
                exactValues = arg.longs(b);
            }
            else
            {
                doubleValues = arg.doubles(b);
            }
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            if (arg.isExact())
            {
                long s = 0;
                for (int i = from; i < to; i++)
                {
                    s = Math.addExact(s, exactValues[i]);
                }
                sum[slot] += Decimals.toDouble(s, arg.exponent);
            }
            else
            {
                double s = 0;
                for (int i = from; i < to; i++)
                {
                    s += doubleValues[i];
                }
                sum[slot] += s;
            }
            count[slot] += to - from;
        }

        @Override
        void grow(final int oldCapacity, final int newCapacity)
        {
            sum = Arrays.copyOf(sum, newCapacity);
            count = Arrays.copyOf(count, newCapacity);
        }

        @Override
        Object value(final int slot)
        {
            return count[slot] == 0 ? null : sum[slot] / count[slot];
        }

        @Override
        double doubleValue(final int slot)
        {
            return count[slot] == 0 ? Double.NaN : sum[slot] / count[slot];
        }

        @Override
        void emit(final int slot, final QueryResult.Column out)
        {
            emitDouble(doubleValue(slot), out);
        }
    }

    /** vwap(price, size) = sum(price * size) / sum(size), products summed as doubles of exact mantissa products. */
    static final class Vwap extends Agg
    {
        private double[] notional = new double[0];
        private double[] volume = new double[0];
        private long[] priceExact;
        private long[] sizeExact;
        private double[] priceDouble;
        private double[] sizeDouble;

        Vwap()
        {
            super(ColumnType.DOUBLE);
        }

        @Override
        void prepare(final Batch b)
        {
            if (arg.isExact() && arg2.isExact())
            {
                priceExact = arg.longs(b);
                sizeExact = arg2.longs(b);
            }
            else
            {
                priceDouble = arg.doubles(b);
                sizeDouble = arg2.doubles(b);
            }
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            if (arg.isExact() && arg2.isExact())
            {
                final long[] p = priceExact;
                final long[] s = sizeExact;
                double n = 0;
                long v = 0;
                for (int i = from; i < to; i++)
                {
                    n += (double)p[i] * s[i];
                    v += s[i];
                }
                notional[slot] += n * Decimals.pow10Double(arg.exponent + arg2.exponent);
                volume[slot] += Decimals.toDouble(v, arg2.exponent);
            }
            else
            {
                double n = 0;
                double v = 0;
                for (int i = from; i < to; i++)
                {
                    n += priceDouble[i] * sizeDouble[i];
                    v += sizeDouble[i];
                }
                notional[slot] += n;
                volume[slot] += v;
            }
        }

        @Override
        void grow(final int oldCapacity, final int newCapacity)
        {
            notional = Arrays.copyOf(notional, newCapacity);
            volume = Arrays.copyOf(volume, newCapacity);
        }

        @Override
        Object value(final int slot)
        {
            return volume[slot] == 0 ? null : notional[slot] / volume[slot];
        }

        @Override
        double doubleValue(final int slot)
        {
            return volume[slot] == 0 ? Double.NaN : notional[slot] / volume[slot];
        }

        @Override
        void emit(final int slot, final QueryResult.Column out)
        {
            emitDouble(doubleValue(slot), out);
        }
    }

    /**
     * Sample variance or standard deviation. Each run is summed about its first value (exact integers for
     * mantissas, so no cancellation), then merged into the slot's count, mean and M2 (Chan et al.).
     */
    static final class Variance extends Agg
    {
        private final boolean stddev;
        private double[] n = new double[0];
        private double[] mean = new double[0];
        private double[] m2 = new double[0];
        private long[] exactValues;
        private double[] doubleValues;

        Variance(final boolean stddev)
        {
            super(ColumnType.DOUBLE);
            this.stddev = stddev;
        }

        @Override
        void prepare(final Batch b)
        {
            if (arg.isExact())
            {
                exactValues = arg.longs(b);
            }
            else
            {
                doubleValues = arg.doubles(b);
            }
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            final int k = to - from;
            final double runMean;
            final double runM2;
            if (arg.isExact())
            {
                final long[] v = exactValues;
                final long shift = v[from];
                double s = 0;
                double sq = 0;
                for (int i = from; i < to; i++)
                {
                    final double d = v[i] - shift;
                    s += d;
                    sq += d * d;
                }
                final double scale = Decimals.pow10Double(arg.exponent);
                runMean = (shift + s / k) * scale;
                runM2 = Math.max(0, sq - s * s / k) * scale * scale;
            }
            else
            {
                final double[] v = doubleValues;
                final double shift = v[from];
                double s = 0;
                double sq = 0;
                for (int i = from; i < to; i++)
                {
                    final double d = v[i] - shift;
                    s += d;
                    sq += d * d;
                }
                runMean = shift + s / k;
                runM2 = Math.max(0, sq - s * s / k);
            }
            final double na = n[slot];
            if (na == 0)
            {
                n[slot] = k;
                mean[slot] = runMean;
                m2[slot] = runM2;
                return;
            }
            final double total = na + k;
            final double delta = runMean - mean[slot];
            mean[slot] += delta * k / total;
            m2[slot] += runM2 + delta * delta * na * k / total;
            n[slot] = total;
        }

        @Override
        void grow(final int oldCapacity, final int newCapacity)
        {
            n = Arrays.copyOf(n, newCapacity);
            mean = Arrays.copyOf(mean, newCapacity);
            m2 = Arrays.copyOf(m2, newCapacity);
        }

        @Override
        Object value(final int slot)
        {
            if (n[slot] < 2)
            {
                return null;
            }
            final double variance = m2[slot] / (n[slot] - 1);
            return stddev ? Math.sqrt(variance) : variance;
        }

        @Override
        double doubleValue(final int slot)
        {
            if (n[slot] < 2)
            {
                return Double.NaN;
            }
            final double variance = m2[slot] / (n[slot] - 1);
            return stddev ? Math.sqrt(variance) : variance;
        }

        @Override
        void emit(final int slot, final QueryResult.Column out)
        {
            emitDouble(doubleValue(slot), out);
        }
    }

    /** percentile(x, p): continuous (linear interpolation between closest ranks), as quantile_cont in SQL. */
    static final class Percentile extends Agg
    {
        private final double fraction;
        private double[][] lists = new double[0][];
        private int[] sizes = new int[0];
        private double[] values;

        Percentile(final double fraction)
        {
            super(ColumnType.DOUBLE);
            this.fraction = fraction;
        }

        @Override
        void prepare(final Batch b)
        {
            values = arg.doubles(b);
        }

        @Override
        void accumulate(final int slot, final int from, final int to, final Batch b)
        {
            final int k = to - from;
            double[] list = lists[slot];
            if (null == list)
            {
                list = new double[Math.max(16, k)];
            }
            else if (sizes[slot] + k > list.length)
            {
                list = Arrays.copyOf(list, Math.max(sizes[slot] + k, list.length * 2));
            }
            System.arraycopy(values, from, list, sizes[slot], k);
            lists[slot] = list;
            sizes[slot] += k;
        }

        @Override
        void grow(final int oldCapacity, final int newCapacity)
        {
            lists = Arrays.copyOf(lists, newCapacity);
            sizes = Arrays.copyOf(sizes, newCapacity);
        }

        @Override
        Object value(final int slot)
        {
            final int size = sizes[slot];
            if (size == 0)
            {
                return null;
            }
            final double[] list = lists[slot];
            Arrays.sort(list, 0, size);
            final double index = (size - 1) * fraction;
            final int lo = (int)Math.floor(index);
            final int hi = (int)Math.ceil(index);
            return list[lo] + (index - lo) * (list[hi] - list[lo]);
        }
    }
}
