package io.ticktape.kernel;

import io.ticktape.kernel.RecordingSink.BarView;
import io.ticktape.kernel.RecordingSink.VwapView;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import org.agrona.DirectBuffer;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's bars and VWAP updates against a naive model: the kernel's clock is the largest time seen so far, a
 * bar is due when the clock leaves its interval, and every bar's content is recomputed from the whole list of
 * accepted trades with BigInteger sums, on every emission. Streams mix trades, quotes, timers, invalid trades, late
 * trades (within and beyond the lateness bound, across sessions), equal timestamps, quiet gaps, bursts, negative
 * prices and times before 1970; bars skip or fill empty intervals (bounded or not).
 */
class AnalyticsKernelPropertyTest
{
    private static final long DAY = TimeUnit.DAYS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long MIDNIGHT = Instant.parse("2026-01-06T00:00:00Z").getEpochSecond() * SECOND;
    private static final long EMITTED_NS = 987_654_321L;

    private static final int[] INSTRUMENT_IDS = { 0, 1, 7, 1_000_000 };
    /** Price exponents of the defined instruments; the last one is never defined. */
    private static final int[] EXPONENTS = { -2, -4, 0 };
    private static final long[][] INTERVAL_SETS = { { SECOND, MINUTE }, { SECOND }, { MINUTE, SECOND, 7 * SECOND } };
    private static final long[] LATENESS = { 0, 2 * SECOND, 30 * SECOND };
    private static final int[] FILL = { 0, 0, 1_000_000, 3 };

    private static final int TRADE = 0;
    private static final int QUOTE = 1;
    private static final int INVALID_TRADE = 2;
    private static final int TIMER = 3;
    private static final int LATE_TRADE = 4;

    /** One generated market event; the time step is relative to the previous event (late trades step back). */
    record Event(int kind, int instrument, int stepKind, long stepRaw, long price, long size)
    {
        long step()
        {
            switch (stepKind)
            {
                case 0:
                    return 0;
                case 1:
                    return 1 + stepRaw % 1_000;
                case 2:
                    return 1 + stepRaw % (SECOND - 1);
                default:
                    return 1 + stepRaw % (3 * MINUTE);
            }
        }

        long lateness()
        {
            return stepRaw % (stepKind == 3 ? 40 * SECOND : 3 * SECOND);
        }
    }

    @Provide
    Arbitrary<Event> events()
    {
        return Combinators.combine(
            Arbitraries.frequency(Tuple.of(8, TRADE), Tuple.of(2, QUOTE), Tuple.of(1, INVALID_TRADE),
                Tuple.of(1, TIMER), Tuple.of(2, LATE_TRADE)),
            Arbitraries.integers().between(0, INSTRUMENT_IDS.length - 1),
            Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(2, 1), Tuple.of(4, 2), Tuple.of(1, 3)),
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Arbitraries.longs().between(-1_000_000, 1_000_000),
            Arbitraries.longs().between(1, 1_000))
            .as(Event::new);
    }

    @Provide
    Arbitrary<List<Event>> eventLists()
    {
        return events().list().ofMaxSize(300).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 400)
    void shouldMatchNaiveModelAndRepeatBitForBit(
        @ForAll("eventLists") final List<Event> events,
        @ForAll @LongRange(min = 0, max = 600_000_000_000L) final long beforeMidnight,
        @ForAll final boolean beforeEpoch,
        @ForAll @IntRange(min = 0, max = 2) final int intervalSet,
        @ForAll @IntRange(min = 0, max = 2) final int latenessIndex,
        @ForAll @IntRange(min = 0, max = 3) final int fillIndex)
    {
        final long[] intervals = INTERVAL_SETS[intervalSet];
        final BarConfiguration barConfiguration = new BarConfiguration(FILL[fillIndex], 0, LATENESS[latenessIndex]);
        final List<Tick> ticks = ticks(events, (beforeEpoch ? -3 * DAY : MIDNIGHT) - beforeMidnight);

        final Naive naive = new Naive(intervals, barConfiguration);
        for (final Tick tick : ticks)
        {
            naive.onTick(tick);
        }
        final List<Object> expected = naive.outputs;

        final RecordingSink sink = new RecordingSink();
        final Counters counters = new Counters();
        final AnalyticsKernel kernel = new AnalyticsKernel(intervals, SessionCalendar.fixedLength(DAY, 0), sink,
            () -> EMITTED_NS, null, counters, KernelConfiguration.disabled(), barConfiguration);
        for (int i = 0; i < ticks.size(); i++)
        {
            if (i % 2 == 0)
            {
                kernel.onTick(ticks.get(i));
            }
            else
            {
                kernel.onEvent(ticks.get(i), i, i == ticks.size() - 1);
            }
        }
        assertThat(sink.outputs).containsExactlyElementsOf(expected);
        assertThat(sink.emittedNs).allMatch(ns -> ns == EMITTED_NS);

        final int live = sink.outputs.size();
        kernel.publishOpenBars();
        assertThat(sink.outputs.subList(live, sink.outputs.size()))
            .containsExactlyInAnyOrderElementsOf(naive.openBars(ticks.get(ticks.size() - 1).globalSeq));

        assertThat(counters.value("kernel.trades")).isEqualTo(naive.accepted.size());
        assertThat(counters.value("kernel.bars_closed")).isEqualTo(naive.closed);
        assertThat(counters.value("kernel.bars_filled")).isEqualTo(naive.filled);
        assertThat(counters.value("kernel.bars_revised")).isEqualTo(naive.revised);
        assertThat(counters.value("kernel.late_trades")).isEqualTo(naive.tooLate);
        assertThat(counters.value("kernel.late_trades_applied")).isEqualTo(naive.lateApplied);
        assertThat(counters.value("kernel.invalid_trades")).isEqualTo(naive.invalid);
        assertThat(counters.value("kernel.last_global_seq")).isEqualTo(ticks.get(ticks.size() - 1).globalSeq);

        // Determinism: a second kernel fed the same ticks publishes the same bytes.
        final List<byte[]> first = new ArrayList<>();
        final List<byte[]> second = new ArrayList<>();
        runRaw(ticks, intervals, barConfiguration, first);
        runRaw(ticks, intervals, barConfiguration, second);
        assertThat(first).hasSize(second.size());
        for (int i = 0; i < first.size(); i++)
        {
            assertThat(first.get(i)).isEqualTo(second.get(i));
        }

        Statistics.label("closes 20+ bars").collect(naive.closed >= 20)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 20));
        Statistics.label("revises a bar").collect(naive.revised > 0)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 15));
        Statistics.label("fills a bar").collect(naive.filled > 0)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 10));
        Statistics.label("too late").collect(naive.tooLate > 0)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 20));
        Statistics.label("late bar first published by a late trade").collect(naive.lateNewBars > 0)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 5));
    }

    private static void runRaw(
        final List<Tick> ticks, final long[] intervals, final BarConfiguration bars, final List<byte[]> out)
    {
        final AnalyticsKernel kernel = new AnalyticsKernel(intervals, SessionCalendar.fixedLength(DAY, 0),
            (final DirectBuffer buffer, final int offset, final int length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                out.add(bytes);
            },
            () -> EMITTED_NS, null, new Counters(), KernelConfiguration.defaults(), bars);
        for (final Tick tick : ticks)
        {
            kernel.onTick(tick);
        }
        kernel.publishOpenBars();
    }

    private static List<Tick> ticks(final List<Event> events, final long startNs)
    {
        final List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < EXPONENTS.length; i++)
        {
            final Tick definition = new Tick();
            definition.type = TickType.INSTRUMENT;
            definition.instrumentId = INSTRUMENT_IDS[i];
            definition.priceExponent = EXPONENTS[i];
            definition.tickSizeMantissa = 1;
            definition.symbol("I" + i);
            ticks.add(definition);
        }
        long timeNs = startNs;
        for (final Event event : events)
        {
            final Tick tick = new Tick();
            tick.instrumentId = INSTRUMENT_IDS[event.instrument()];
            if (event.kind() == LATE_TRADE)
            {
                tick.exchangeTimeNs = timeNs - event.lateness();
            }
            else
            {
                timeNs += event.step();
                tick.exchangeTimeNs = timeNs;
            }
            switch (event.kind())
            {
                case QUOTE:
                    tick.type = TickType.QUOTE;
                    tick.bidPriceMantissa = event.price();
                    tick.bidSize = event.size();
                    tick.askPriceMantissa = event.price() + 1;
                    tick.askSize = event.size();
                    break;
                case TIMER:
                    tick.type = TickType.TIMER;
                    tick.instrumentId = 0;
                    break;
                default:
                    tick.type = TickType.TRADE;
                    tick.priceMantissa = event.price();
                    tick.size = event.kind() == INVALID_TRADE ? 1 - event.size() : event.size();
                    tick.aggressorSide = 1;
                    tick.tradeId = ticks.size();
                    break;
            }
            ticks.add(tick);
        }
        long seq = 0;
        for (final Tick tick : ticks)
        {
            // Timers take no sequence number of their own: they carry the last one.
            seq += tick.type == TickType.TIMER ? 0 : 1;
            tick.globalSeq = seq;
            tick.channelId = (int)(seq % 5);
            tick.lineSeq = seq * 2;
            tick.receiveNs = seq * 7;
            tick.sequencedNs = seq * 11;
        }
        return ticks;
    }

    /** An accepted trade, in arrival order. */
    record Trade(int arrival, int instrument, long timeNs, long price, long size)
    {
    }

    /**
     * The reference: what is due when follows the kernel's documented rules, what each bar holds is recomputed from
     * every accepted trade.
     */
    static final class Naive
    {
        final long[] intervals;
        final BarConfiguration config;
        final List<Object> outputs = new ArrayList<>();
        final List<Trade> accepted = new ArrayList<>();
        final List<Integer> instrumentOrder = new ArrayList<>();
        final Map<Integer, Long> sessions = new HashMap<>();
        /** Per (instrument, interval): last emitted view of each bucket, the open bucket, the last published one. */
        final Map<List<Long>, TreeMap<Long, BarView>> emitted = new LinkedHashMap<>();
        final Map<List<Long>, Long> openBucket = new HashMap<>();
        final Map<List<Long>, Long> lastPublished = new HashMap<>();
        final Map<Integer, Integer> exponents = new HashMap<>();
        long clockNs = Long.MIN_VALUE;
        long closed;
        long filled;
        long revised;
        long tooLate;
        long lateApplied;
        long lateNewBars;
        long invalid;

        Naive(final long[] intervals, final BarConfiguration config)
        {
            this.intervals = intervals;
            this.config = config;
        }

        void onTick(final Tick tick)
        {
            switch (tick.type)
            {
                case TickType.INSTRUMENT:
                    see(tick.instrumentId);
                    exponents.put(tick.instrumentId, tick.priceExponent);
                    break;
                case TickType.QUOTE:
                    see(tick.instrumentId);
                    advance(tick.exchangeTimeNs, tick.globalSeq);
                    break;
                case TickType.TIMER:
                    advance(tick.exchangeTimeNs, tick.globalSeq);
                    break;
                default:
                    onTrade(tick);
                    break;
            }
        }

        private void see(final int instrument)
        {
            if (!instrumentOrder.contains(instrument))
            {
                instrumentOrder.add(instrument);
            }
        }

        private void advance(final long timeNs, final long seq)
        {
            if (timeNs <= clockNs)
            {
                return;
            }
            final long previous = clockNs;
            clockNs = timeNs;
            for (final long interval : intervals)
            {
                if (previous != Long.MIN_VALUE && Math.floorDiv(previous, interval) == Math.floorDiv(timeNs, interval))
                {
                    continue;
                }
                final long clockBucket = Math.floorDiv(timeNs, interval);
                for (final int instrument : instrumentOrder)
                {
                    final List<Long> key = List.of((long)instrument, interval);
                    final Long open = openBucket.get(key);
                    if (null != open && open < clockBucket)
                    {
                        openBucket.remove(key);
                        emit(key, open, seq, 0);
                        closed++;
                        lastPublished.put(key, open);
                    }
                    final Long last = lastPublished.get(key);
                    if (config.maxFillBars() > 0 && null != last && null == openBucket.get(key) &&
                        last < clockBucket - 1)
                    {
                        final long gap = clockBucket - 1 - last;
                        for (long b = last + 1; b <= last + Math.min(gap, config.maxFillBars()); b++)
                        {
                            emit(key, b, seq, 0);
                            filled++;
                        }
                        lastPublished.put(key, clockBucket - 1);
                    }
                }
            }
        }

        private void onTrade(final Tick tick)
        {
            if (tick.size <= 0)
            {
                invalid++;
                return;
            }
            final int instrument = tick.instrumentId;
            see(instrument);
            final long timeNs = tick.exchangeTimeNs;
            advance(timeNs, tick.globalSeq);
            boolean late = false;
            for (final long interval : intervals)
            {
                late |= Math.floorDiv(timeNs, interval) < Math.floorDiv(clockNs, interval);
            }
            final long session = Math.floorDiv(timeNs, DAY) * DAY;
            final Long currentSession = sessions.get(instrument);
            if ((null != currentSession && session < currentSession) ||
                (late && BigInteger.valueOf(clockNs).subtract(BigInteger.valueOf(timeNs))
                    .compareTo(BigInteger.valueOf(config.maxLatenessNs())) > 0))
            {
                tooLate++;
                return;
            }
            if (late)
            {
                lateApplied++;
            }
            final Trade trade = new Trade(accepted.size(), instrument, timeNs, tick.priceMantissa, tick.size);
            accepted.add(trade);
            for (final long interval : intervals)
            {
                final List<Long> key = List.of((long)instrument, interval);
                final long bucket = Math.floorDiv(timeNs, interval);
                if (bucket == Math.floorDiv(clockNs, interval))
                {
                    openBucket.put(key, bucket);
                    continue;
                }
                final BarView before = emitted.computeIfAbsent(key, k -> new TreeMap<>()).get(bucket);
                if (null == before)
                {
                    lateNewBars++;
                }
                else
                {
                    revised++;
                }
                emit(key, bucket, tick.globalSeq, null == before ? 0 : before.revision() + 1);
                final Long last = lastPublished.get(key);
                if (null == last || bucket > last)
                {
                    lastPublished.put(key, bucket);
                    continue;
                }
                if (config.maxFillBars() == 0)
                {
                    continue;
                }
                for (long b = bucket + 1; b <= last; b++)
                {
                    final BarView previous = emitted.get(key).get(b);
                    if (null == previous)
                    {
                        continue;
                    }
                    if (previous.tradeCount() > 0 || previous.close() == view(key, b, 0, 0).close())
                    {
                        break;
                    }
                    emit(key, b, tick.globalSeq, previous.revision() + 1);
                    revised++;
                }
            }
            sessions.merge(instrument, session, Math::max);
            outputs.add(vwap(trade, tick, session));
        }

        private void emit(final List<Long> key, final long bucket, final long seq, final int revision)
        {
            final BarView view = view(key, bucket, seq, revision);
            emitted.computeIfAbsent(key, k -> new TreeMap<>()).put(bucket, view);
            outputs.add(view);
        }

        /** A bar recomputed from every accepted trade; a filled one carries the close of the latest real bar before. */
        private BarView view(final List<Long> key, final long bucket, final long seq, final int revision)
        {
            final int instrument = key.get(0).intValue();
            final long interval = key.get(1);
            final List<Trade> in = new ArrayList<>();
            Trade latestBefore = null;
            for (final Trade trade : accepted)
            {
                if (trade.instrument() != instrument)
                {
                    continue;
                }
                final long b = Math.floorDiv(trade.timeNs(), interval);
                if (b == bucket)
                {
                    in.add(trade);
                }
                else if (b < bucket && (null == latestBefore || trade.timeNs() >= latestBefore.timeNs()))
                {
                    latestBefore = trade;
                }
            }
            final int exponent = exponents.getOrDefault(instrument, 0);
            if (in.isEmpty())
            {
                final long close = latestBefore.price();
                return new BarView(seq, instrument, interval, bucket * interval, close, close, close, close, 0, 0,
                    Double.NaN, 0, 0, exponent, revision, true);
            }
            Trade first = in.get(0);
            Trade last = in.get(0);
            long high = Long.MIN_VALUE;
            long low = Long.MAX_VALUE;
            long volume = 0;
            BigInteger notional = BigInteger.ZERO;
            for (final Trade trade : in)
            {
                first = trade.timeNs() < first.timeNs() ? trade : first;
                last = trade.timeNs() >= last.timeNs() ? trade : last;
                high = Math.max(high, trade.price());
                low = Math.min(low, trade.price());
                volume += trade.size();
                notional = notional.add(BigInteger.valueOf(trade.price()).multiply(BigInteger.valueOf(trade.size())));
            }
            return new BarView(seq, instrument, interval, bucket * interval, first.price(), high, low, last.price(),
                volume, in.size(), (double)notional.longValueExact() / volume, first.timeNs(), last.timeNs(),
                exponent, revision, true);
        }

        List<BarView> openBars(final long seq)
        {
            final List<BarView> open = new ArrayList<>();
            for (final Map.Entry<List<Long>, Long> entry : openBucket.entrySet())
            {
                final BarView view = view(entry.getKey(), entry.getValue(), seq, 0);
                open.add(new BarView(view.globalSeq(), view.instrumentId(), view.intervalNs(), view.openTimeNs(),
                    view.open(), view.high(), view.low(), view.close(), view.volume(), view.tradeCount(), view.vwap(),
                    view.firstTradeNs(), view.lastTradeNs(), view.priceExponent(), 0, false));
            }
            return open;
        }

        private VwapView vwap(final Trade current, final Tick tick, final long session)
        {
            long volume = 0;
            long count = 0;
            BigInteger notional = BigInteger.ZERO;
            for (final Trade trade : accepted)
            {
                if (trade.instrument() == current.instrument() && Math.floorDiv(trade.timeNs(), DAY) * DAY == session)
                {
                    volume += trade.size();
                    count++;
                    notional = notional.add(
                        BigInteger.valueOf(trade.price()).multiply(BigInteger.valueOf(trade.size())));
                }
            }
            return new VwapView(tick.globalSeq, tick.channelId, tick.lineSeq, tick.receiveNs, tick.sequencedNs,
                current.instrument(), session, (double)notional.longValueExact() / volume, volume, count,
                current.price(), exponents.getOrDefault(current.instrument(), 0));
        }

        @Override
        public String toString()
        {
            return "Naive" + Arrays.toString(intervals);
        }
    }
}
