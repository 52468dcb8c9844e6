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
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's VWAP updates and bars against a naive recomputation over the whole trade list with BigInteger sums.
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

    private static final int TRADE = 0;
    private static final int QUOTE = 1;
    private static final int INVALID_TRADE = 2;

    /** One generated market event; the time step is relative to the previous event. */
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
    }

    /** A valid trade as the reference sees it. */
    record Trade(int index, int instrument, long timeNs, long price, long size, long globalSeq)
    {
    }

    @Provide
    Arbitrary<Event> events()
    {
        return Combinators.combine(
            Arbitraries.frequency(Tuple.of(8, TRADE), Tuple.of(2, QUOTE), Tuple.of(1, INVALID_TRADE)),
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
    void shouldMatchNaiveRecomputationWhenTradesArriveInTimeOrder(
        @ForAll("eventLists") final List<Event> events,
        @ForAll @LongRange(min = 0, max = 600_000_000_000L) final long beforeMidnight,
        @ForAll final boolean beforeEpoch,
        @ForAll @IntRange(min = 0, max = 2) final int intervalSet)
    {
        final long[] intervals = INTERVAL_SETS[intervalSet];
        final RecordingSink sink = new RecordingSink();
        final Counters counters = new Counters();
        final AnalyticsKernel kernel = new AnalyticsKernel(
            intervals, DAY, 0, sink, () -> EMITTED_NS, null, counters);

        // The stream: definitions, then the events at non-decreasing times.
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
        long timeNs = (beforeEpoch ? -3 * DAY : MIDNIGHT) - beforeMidnight;
        for (final Event event : events)
        {
            timeNs += event.step();
            final Tick tick = new Tick();
            tick.instrumentId = INSTRUMENT_IDS[event.instrument()];
            tick.exchangeTimeNs = timeNs;
            if (event.kind() == QUOTE)
            {
                tick.type = TickType.QUOTE;
                tick.bidPriceMantissa = event.price();
                tick.bidSize = event.size();
                tick.askPriceMantissa = event.price() + 1;
                tick.askSize = event.size();
            }
            else
            {
                tick.type = TickType.TRADE;
                tick.priceMantissa = event.price();
                tick.size = event.kind() == INVALID_TRADE ? 1 - event.size() : event.size();
                tick.aggressorSide = 1;
                tick.tradeId = ticks.size();
            }
            ticks.add(tick);
        }
        for (int i = 0; i < ticks.size(); i++)
        {
            final Tick tick = ticks.get(i);
            final long seq = i + 1;
            tick.globalSeq = seq;
            tick.channelId = (int)(seq % 5);
            tick.lineSeq = seq * 2;
            tick.receiveNs = seq * 7;
            tick.sequencedNs = seq * 11;
        }

        final List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++)
        {
            final Tick tick = ticks.get(i);
            if (tick.type == TickType.TRADE && tick.size > 0)
            {
                trades.add(new Trade(i, tick.instrumentId, tick.exchangeTimeNs, tick.priceMantissa, tick.size,
                    tick.globalSeq));
            }
        }

        // Expected outputs, in order.
        final List<Object> expected = new ArrayList<>();
        final Map<List<Long>, Long> lastBucket = new LinkedHashMap<>();
        long closedBars = 0;
        for (final Trade trade : trades)
        {
            for (final long interval : intervals)
            {
                final List<Long> key = List.of((long)trade.instrument(), interval);
                final long bucket = Math.floorDiv(trade.timeNs(), interval);
                final Long previous = lastBucket.put(key, bucket);
                if (null != previous && previous != bucket)
                {
                    expected.add(naiveBar(trades, trade.instrument(), interval, previous, trade.globalSeq(), true));
                    closedBars++;
                }
            }
            expected.add(naiveVwap(trades, trade, ticks.get(trade.index())));
        }
        final long lastSeq = ticks.size();
        final List<BarView> expectedOpen = new ArrayList<>();
        for (final Map.Entry<List<Long>, Long> entry : lastBucket.entrySet())
        {
            expectedOpen.add(naiveBar(trades, entry.getKey().get(0).intValue(), entry.getKey().get(1),
                entry.getValue(), lastSeq, false));
        }

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

        final int live = sink.outputs.size();
        kernel.publishOpenBars();
        assertThat(sink.outputs.subList(live, sink.outputs.size())).containsExactlyInAnyOrderElementsOf(expectedOpen);
        assertThat(sink.emittedNs).allMatch(ns -> ns == EMITTED_NS);

        // The generator must reach the interesting cases, or this property proves little.
        final boolean crossesSession = !trades.isEmpty() && Math.floorDiv(trades.get(0).timeNs(), DAY) !=
            Math.floorDiv(trades.get(trades.size() - 1).timeNs(), DAY);
        Statistics.label("crosses a session").collect(crossesSession)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 5));
        Statistics.label("closes 20+ bars").collect(closedBars >= 20)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 20));
        Statistics.label("100+ trades").collect(trades.size() >= 100)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 20));

        long undefined = 0;
        long invalid = 0;
        for (final Tick tick : ticks)
        {
            if (tick.type == TickType.TRADE && tick.size <= 0)
            {
                invalid++;
            }
            else if (tick.type != TickType.INSTRUMENT && tick.instrumentId == INSTRUMENT_IDS[EXPONENTS.length])
            {
                undefined++;
            }
        }
        assertThat(counters.value("kernel.ticks")).isEqualTo(ticks.size());
        assertThat(counters.value("kernel.trades")).isEqualTo(trades.size());
        assertThat(counters.value("kernel.bars_closed")).isEqualTo(closedBars);
        assertThat(counters.value("kernel.invalid_trades")).isEqualTo(invalid);
        assertThat(counters.value("kernel.late_trades")).isZero();
        assertThat(counters.value("kernel.ticks_before_definition")).isEqualTo(undefined);
        assertThat(counters.value("kernel.last_global_seq")).isEqualTo(lastSeq);
    }

    private static int exponent(final int instrumentId)
    {
        for (int i = 0; i < EXPONENTS.length; i++)
        {
            if (INSTRUMENT_IDS[i] == instrumentId)
            {
                return EXPONENTS[i];
            }
        }
        return 0;
    }

    private static BarView naiveBar(
        final List<Trade> trades, final int instrument, final long interval, final long bucket, final long globalSeq,
        final boolean closed)
    {
        final List<Trade> in = new ArrayList<>();
        for (final Trade trade : trades)
        {
            if (trade.instrument() == instrument && Math.floorDiv(trade.timeNs(), interval) == bucket)
            {
                in.add(trade);
            }
        }
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        long volume = 0;
        BigInteger notional = BigInteger.ZERO;
        for (final Trade trade : in)
        {
            high = Math.max(high, trade.price());
            low = Math.min(low, trade.price());
            volume += trade.size();
            notional = notional.add(BigInteger.valueOf(trade.price()).multiply(BigInteger.valueOf(trade.size())));
        }
        final Trade first = in.get(0);
        final Trade last = in.get(in.size() - 1);
        return new BarView(globalSeq, instrument, interval, bucket * interval, first.price(), high, low, last.price(),
            volume, in.size(), (double)notional.longValueExact() / volume, first.timeNs(), last.timeNs(),
            exponent(instrument), 0, closed);
    }

    private static VwapView naiveVwap(final List<Trade> trades, final Trade current, final Tick tick)
    {
        final long session = Math.floorDiv(current.timeNs(), DAY);
        long volume = 0;
        long count = 0;
        BigInteger notional = BigInteger.ZERO;
        for (final Trade trade : trades)
        {
            if (trade.index() <= current.index() && trade.instrument() == current.instrument() &&
                Math.floorDiv(trade.timeNs(), DAY) == session)
            {
                volume += trade.size();
                count++;
                notional = notional.add(BigInteger.valueOf(trade.price()).multiply(BigInteger.valueOf(trade.size())));
            }
        }
        return new VwapView(tick.globalSeq, tick.channelId, tick.lineSeq, tick.receiveNs, tick.sequencedNs,
            current.instrument(), session * DAY, (double)notional.longValueExact() / volume, volume, count,
            current.price(), exponent(current.instrument()));
    }
}
