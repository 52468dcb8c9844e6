package io.ticktape.perf;

import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The baseline of {@link OperatorsBenchmark}: the kernel's per-instrument operators written the straightforward way.
 * Instruments in a {@code HashMap<Integer, ...>}, samples as boxed records in {@code ArrayDeque}s and
 * {@code ArrayList<Double>}s, and every statistic recomputed from its whole window on every tick (two-pass variance,
 * min and max by scanning, medians by sorting a copy). Same windows and capacities as
 * {@link KernelConfiguration#defaults()}: price windows of 1, 10 and 60 s and a 100-trade count window; size, return,
 * mid and spread statistics over 10 s; EWMA (lambda 0.94) and return z-score; realized volatility, rolling VWAP and
 * the volume-spike baseline over 60 s; Hampel over 50 prices; spread median over 100 quotes; each window keeps at most
 * its latest 2,048 samples; an ensemble of the scores. Time bars and session VWAP as the kernel keeps them. It
 * publishes nothing: each tick's results are folded into a checksum so that none can be optimised away.
 */
final class NaiveOperators
{
    private static final long SECOND = 1_000_000_000L;
    private static final long[] PRICE_WINDOWS_NS = { SECOND, 10 * SECOND, 60 * SECOND };
    private static final long STATS_WINDOW_NS = 10 * SECOND;
    private static final long LONG_WINDOW_NS = 60 * SECOND;
    private static final int CAPACITY = 2048;
    private static final int COUNT_WINDOW = 100;
    private static final int HAMPEL_WINDOW = 50;
    private static final int SPREAD_WINDOW = 100;
    private static final double LAMBDA = 0.94;
    private static final long[] BAR_INTERVALS_NS = { SECOND, 60 * SECOND };

    record Sample(long timeNs, long value, long size)
    {
    }

    record Ret(long timeNs, double value)
    {
    }

    static final class Instrument
    {
        final ArrayDeque<Sample> trades = new ArrayDeque<>();
        final ArrayDeque<Ret> returns = new ArrayDeque<>();
        final ArrayDeque<Sample> quotes = new ArrayDeque<>();
        final List<Long> spreads = new ArrayList<>();
        final Map<Long, List<Sample>> openBars = new HashMap<>();
        long lastPrice;
        boolean hasLast;
        double ewmaMean;
        double ewmaVariance;
        double zVariance;
        long sessionVolume;
        double sessionNotional;
    }

    private final Map<Integer, Instrument> instruments = new HashMap<>();
    double checksum;

    void onTick(final Tick tick)
    {
        if (tick.type == TickType.TRADE && tick.size > 0)
        {
            onTrade(instruments.computeIfAbsent(tick.instrumentId, id -> new Instrument()), tick);
        }
        else if (tick.type == TickType.QUOTE)
        {
            onQuote(instruments.computeIfAbsent(tick.instrumentId, id -> new Instrument()), tick);
        }
    }

    private void onTrade(final Instrument instrument, final Tick tick)
    {
        final long nowNs = tick.exchangeTimeNs;
        final long price = tick.priceMantissa;
        instrument.trades.addLast(new Sample(nowNs, price, tick.size));
        while (instrument.trades.size() > CAPACITY)
        {
            instrument.trades.removeFirst();
        }

        double result = 0;
        for (final long windowNs : PRICE_WINDOWS_NS)
        {
            result += stats(window(instrument.trades, nowNs, windowNs, false));
        }
        final List<Long> lastPrices = lastN(instrument.trades, COUNT_WINDOW, false);
        result += stats(lastPrices);
        result += stats(window(instrument.trades, nowNs, STATS_WINDOW_NS, true));

        double r = Double.NaN;
        if (instrument.hasLast && instrument.lastPrice > 0 && price > 0)
        {
            r = Math.log((double)price / instrument.lastPrice);
            instrument.returns.addLast(new Ret(nowNs, r));
            while (instrument.returns.size() > CAPACITY)
            {
                instrument.returns.removeFirst();
            }
            final double z = r / Math.sqrt(instrument.zVariance);
            instrument.zVariance = LAMBDA * instrument.zVariance + (1 - LAMBDA) * r * r;
            final double delta = r - instrument.ewmaMean;
            instrument.ewmaMean += (1 - LAMBDA) * delta;
            instrument.ewmaVariance = LAMBDA * (instrument.ewmaVariance + (1 - LAMBDA) * delta * delta);
            result += Double.isFinite(z) ? z : 0;
        }
        instrument.lastPrice = price;
        instrument.hasLast = true;
        final List<Double> returnWindow = new ArrayList<>();
        double sumSquares = 0;
        for (final Ret ret : instrument.returns)
        {
            if (ret.timeNs() > nowNs - STATS_WINDOW_NS)
            {
                returnWindow.add(ret.value());
            }
            if (ret.timeNs() > nowNs - LONG_WINDOW_NS)
            {
                sumSquares += ret.value() * ret.value();
            }
        }
        result += doubleStats(returnWindow) + Math.sqrt(sumSquares);

        double notional = 0;
        long volume = 0;
        for (final Sample trade : instrument.trades)
        {
            if (trade.timeNs() > nowNs - LONG_WINDOW_NS)
            {
                notional += (double)trade.value() * trade.size();
                volume += trade.size();
            }
        }
        final double rollingVwap = notional / volume;
        final double volumeSpike = tick.size / ((double)volume / Math.max(1, instrument.trades.size()));

        final List<Long> hampelPrices = lastN(instrument.trades, HAMPEL_WINDOW, false);
        final double median = median(hampelPrices);
        final List<Double> deviations = new ArrayList<>();
        for (final Long p : hampelPrices)
        {
            deviations.add(Math.abs(p - median));
        }
        Collections.sort(deviations);
        final double mad = Math.max(1, deviations.get(deviations.size() / 2));
        final double hampel = (price - median) / (1.4826 * mad);

        for (final long intervalNs : BAR_INTERVALS_NS)
        {
            final long openNs = nowNs - Math.floorMod(nowNs, intervalNs);
            final List<Sample> bar = instrument.openBars.computeIfAbsent(intervalNs, k -> new ArrayList<>());
            if (!bar.isEmpty() && bar.get(0).timeNs() - Math.floorMod(bar.get(0).timeNs(), intervalNs) != openNs)
            {
                result += bar.size();
                bar.clear();
            }
            bar.add(new Sample(nowNs, price, tick.size));
            long high = Long.MIN_VALUE;
            long low = Long.MAX_VALUE;
            for (final Sample s : bar)
            {
                high = Math.max(high, s.value());
                low = Math.min(low, s.value());
            }
            result += high - low;
        }
        instrument.sessionVolume += tick.size;
        instrument.sessionNotional += (double)price * tick.size;

        final double ensemble = score(hampel / 3) + score(volumeSpike / 5) + score(Math.abs(result) > 0 ? 0 : 1);
        checksum += result + rollingVwap + ensemble + instrument.sessionNotional / instrument.sessionVolume;
    }

    private void onQuote(final Instrument instrument, final Tick tick)
    {
        final long nowNs = tick.exchangeTimeNs;
        final long spread = tick.askPriceMantissa - tick.bidPriceMantissa;
        instrument.quotes.addLast(new Sample(nowNs, tick.bidPriceMantissa + tick.askPriceMantissa, spread));
        while (instrument.quotes.size() > CAPACITY)
        {
            instrument.quotes.removeFirst();
        }
        instrument.spreads.add(spread);
        if (instrument.spreads.size() > SPREAD_WINDOW)
        {
            instrument.spreads.remove(0);
        }
        final double medianSpread = median(instrument.spreads);
        final List<Long> mids = window(instrument.quotes, nowNs, STATS_WINDOW_NS, false);
        final List<Long> spreads = window(instrument.quotes, nowNs, STATS_WINDOW_NS, true);
        checksum += stats(mids) + stats(spreads) + score(spread / Math.max(1, medianSpread) / 5) +
            (tick.bidPriceMantissa >= tick.askPriceMantissa ? 1 : 0);
    }

    private static List<Long> window(
        final ArrayDeque<Sample> samples, final long nowNs, final long windowNs, final boolean sizes)
    {
        final List<Long> values = new ArrayList<>();
        for (final Sample sample : samples)
        {
            if (sample.timeNs() > nowNs - windowNs)
            {
                values.add(sizes ? sample.size() : sample.value());
            }
        }
        return values;
    }

    private static List<Long> lastN(final ArrayDeque<Sample> samples, final int n, final boolean sizes)
    {
        final List<Long> values = new ArrayList<>();
        final Iterator<Sample> newestFirst = samples.descendingIterator();
        while (newestFirst.hasNext() && values.size() < n)
        {
            final Sample sample = newestFirst.next();
            values.add(sizes ? sample.size() : sample.value());
        }
        return values;
    }

    private static double stats(final List<Long> values)
    {
        if (values.isEmpty())
        {
            return 0;
        }
        double sum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (final Long value : values)
        {
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        final double mean = sum / values.size();
        double squares = 0;
        for (final Long value : values)
        {
            squares += (value - mean) * (value - mean);
        }
        return mean + Math.sqrt(squares / values.size()) + min + max;
    }

    private static double doubleStats(final List<Double> values)
    {
        if (values.isEmpty())
        {
            return 0;
        }
        double sum = 0;
        for (final Double value : values)
        {
            sum += value;
        }
        final double mean = sum / values.size();
        double squares = 0;
        for (final Double value : values)
        {
            squares += (value - mean) * (value - mean);
        }
        return mean + Math.sqrt(squares / values.size());
    }

    private static double median(final List<Long> values)
    {
        final List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        final int n = sorted.size();
        return (n & 1) == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static double score(final double ratio)
    {
        final double x = Math.abs(ratio);
        return Double.isFinite(x) ? x / (1 + x) : 1;
    }
}
