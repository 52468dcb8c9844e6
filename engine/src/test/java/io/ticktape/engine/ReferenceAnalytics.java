package io.ticktape.engine;

import io.ticktape.engine.ReferenceFeed.RefTick;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Naive recomputation of session VWAP and calendar-aligned bars from the reference ticks: whole-history sums with
 * BigInteger, no incremental state shared with the kernel.
 */
final class ReferenceAnalytics
{
    record Vwap(long globalSeq, int instrument, long volume, long tradeCount, long lastPrice, double vwap)
    {
    }

    record Bar(
        int instrument, long intervalNs, long openTimeNs, long open, long high, long low, long close, long volume,
        long tradeCount, double vwap, long firstNs, long lastNs, boolean closed, long globalSeq)
    {
    }

    final List<Vwap> vwaps = new ArrayList<>();
    final List<Bar> bars = new ArrayList<>();

    ReferenceAnalytics(final List<RefTick> ticks, final long[] intervalsNs)
    {
        // Session VWAP: all trades of the instrument so far (the run stays inside one UTC day), in arbitrary
        // precision.
        final Map<Integer, BigInteger> notionals = new HashMap<>();
        final Map<Integer, long[]> volumeAndCount = new HashMap<>();
        for (int i = 0; i < ticks.size(); i++)
        {
            final RefTick tick = ticks.get(i);
            if (tick.type() != 'T')
            {
                continue;
            }
            final BigInteger notional = notionals.getOrDefault(tick.instrument(), BigInteger.ZERO)
                .add(BigInteger.valueOf(tick.price()).multiply(BigInteger.valueOf(tick.size())));
            notionals.put(tick.instrument(), notional);
            final long[] sums = volumeAndCount.computeIfAbsent(tick.instrument(), k -> new long[2]);
            sums[0] += tick.size();
            sums[1]++;
            vwaps.add(new Vwap(i + 1, tick.instrument(), sums[0], sums[1], tick.price(),
                (double)notional.longValueExact() / sums[0]));
        }

        // The kernel's clock after each tick: the largest trade or quote time so far (definitions carry none).
        final long[] clockNs = new long[ticks.size()];
        long clock = Long.MIN_VALUE;
        for (int i = 0; i < ticks.size(); i++)
        {
            final RefTick tick = ticks.get(i);
            if (tick.type() == 'T' || tick.type() == 'Q')
            {
                clock = Math.max(clock, tick.timeNs());
            }
            clockNs[i] = clock;
        }

        // Bars: group each instrument's trades by aligned interval; an interval is closed by the first tick of any
        // instrument that takes the clock to its end (no timer runs in these tests), else still open at the end.
        final long lastSeq = ticks.size();
        for (final long intervalNs : intervalsNs)
        {
            final Map<Integer, List<long[]>> byInstrument = new HashMap<>();
            for (int i = 0; i < ticks.size(); i++)
            {
                final RefTick tick = ticks.get(i);
                if (tick.type() == 'T')
                {
                    byInstrument.computeIfAbsent(tick.instrument(), k -> new ArrayList<>())
                        .add(new long[]{ i + 1, tick.timeNs(), tick.price(), tick.size() });
                }
            }
            for (final Map.Entry<Integer, List<long[]>> entry : byInstrument.entrySet())
            {
                final List<long[]> trades = entry.getValue();
                int start = 0;
                while (start < trades.size())
                {
                    final long open = Math.floorDiv(trades.get(start)[1], intervalNs) * intervalNs;
                    int end = start;
                    while (end < trades.size() && Math.floorDiv(trades.get(end)[1], intervalNs) * intervalNs == open)
                    {
                        end++;
                    }
                    final List<long[]> window = trades.subList(start, end);
                    final int closing = firstAtOrAfter(clockNs, open + intervalNs);
                    final boolean closed = closing >= 0;
                    bars.add(bar(entry.getKey(), intervalNs, open, window, closed, closed ? closing + 1 : lastSeq));
                    start = end;
                }
            }
        }
    }

    private static int firstAtOrAfter(final long[] clockNs, final long timeNs)
    {
        int low = 0;
        int high = clockNs.length;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (clockNs[mid] >= timeNs)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }
        return low == clockNs.length ? -1 : low;
    }

    private static Bar bar(
        final int instrument, final long intervalNs, final long openTimeNs, final List<long[]> window,
        final boolean closed, final long globalSeq)
    {
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        long volume = 0;
        BigInteger notional = BigInteger.ZERO;
        for (final long[] trade : window)
        {
            high = Math.max(high, trade[2]);
            low = Math.min(low, trade[2]);
            volume += trade[3];
            notional = notional.add(BigInteger.valueOf(trade[2]).multiply(BigInteger.valueOf(trade[3])));
        }
        final long[] first = window.get(0);
        final long[] last = window.get(window.size() - 1);
        return new Bar(instrument, intervalNs, openTimeNs, first[2], high, low, last[2], volume, window.size(),
            (double)notional.longValueExact() / volume, first[1], last[1], closed, globalSeq);
    }
}
