package io.ticktape.kernel.ops;

import io.ticktape.kernel.ops.NaiveWindow.Sample;
import io.ticktape.kernel.ops.Streams.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RollingVwap, ActivityBars and TimeBarFiller against naive recomputation. VWAPs must be bit-identical to
 * {@code BigInteger.doubleValue(notional) / BigInteger.doubleValue(volume)} over the naive window, and within
 * 2^-51 relative (three roundings) of the exact quotient.
 */
class VwapAndBarsPropertyTest
{
    private static final MathContext MC = new MathContext(60);

    /** A closed bar as the listener saw it, or as the reference computes it. */
    record BarView(long sequence, boolean thresholdReached, long open, long high, long low, long close,
        BigInteger volume, long tradeCount, BigInteger notional, BigInteger absNotional, long vwapBits,
        long firstTimeNs, long lastTimeNs)
    {
    }

    record Trade(long timeNs, long price, long size)
    {
    }

    @Provide
    Arbitrary<List<Event>> streams()
    {
        return Streams.eventLists();
    }

    @Property(tries = 250)
    void shouldMatchNaiveWindowWhenTradesRollThroughRollingVwap(
        @ForAll("streams") final List<Event> events,
        @ForAll @IntRange(min = 0, max = 4) final int windowIndex,
        @ForAll @IntRange(min = 1, max = 12) final int capacity,
        @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) final long startNs)
    {
        final long windowNs = Streams.WINDOWS_NS[windowIndex];
        final RollingVwap vwap = new RollingVwap(windowNs, capacity);
        final NaiveWindow naive = new NaiveWindow(windowNs, capacity);
        long timeNs = startNs;
        long rejected = 0;
        for (final Event event : events)
        {
            timeNs += Streams.stepNs(event, windowNs);
            if (event.kind() == Streams.ADD)
            {
                final long price = Streams.trade(event)[0];
                // Every eleventh trade has a non-positive size, which must be rejected.
                final long size =
                    (event.stepRaw() % 11 == 0) ? -Math.abs(event.stepRaw() % 3) : Streams.trade(event)[1];
                final boolean accepted = size > 0 && naive.add(timeNs, price, size);
                assertThat(vwap.onTrade(timeNs, price, size)).isEqualTo(accepted);
                rejected += accepted ? 0 : 1;
            }
            else
            {
                vwap.advanceTo(timeNs);
                naive.advance(timeNs);
            }
            final List<Sample> window = naive.window();
            BigInteger notional = BigInteger.ZERO;
            BigInteger volume = BigInteger.ZERO;
            for (final Sample sample : window)
            {
                notional =
                    notional.add(BigInteger.valueOf(sample.value()).multiply(BigInteger.valueOf(sample.extra())));
                volume = volume.add(BigInteger.valueOf(sample.extra()));
            }
            assertThat(vwap.tradeCount()).isEqualTo(window.size());
            assertThat(WideArithmeticTest.toBig(new Int128().set(vwap.notionalHi(), vwap.notionalLo())))
                .isEqualTo(notional);
            assertThat(WideArithmeticTest.toBig(new Int128().set(vwap.volumeHi(), vwap.volumeLo()))).isEqualTo(volume);
            assertThat(vwap.volume()).isEqualTo(volume.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
            if (window.isEmpty())
            {
                assertThat(vwap.vwap()).isNaN();
            }
            else
            {
                assertThat(vwap.vwap()).isEqualTo(notional.doubleValue() / volume.doubleValue());
                assertNearExact(vwap.vwap(), notional, volume);
            }
        }
        assertThat(vwap.rejected()).isEqualTo(rejected);
    }

    @Property(tries = 300)
    void shouldCloseBarsWhereNaiveAccumulationReachesThreshold(
        @ForAll("streams") final List<Event> events,
        @ForAll @IntRange(min = 0, max = 2) final int kindIndex,
        @ForAll @IntRange(min = 0, max = 3) final int thresholdKind,
        @ForAll final long thresholdRaw)
    {
        final ActivityBarKind kind = ActivityBarKind.values()[kindIndex];
        final long threshold = threshold(kind, thresholdKind, thresholdRaw);
        final List<BarView> seen = new ArrayList<>();
        final ActivityBars bars = new ActivityBars(kind, threshold, bar -> seen.add(view(bar)));
        final List<BarView> expected = new ArrayList<>();
        final List<Trade> open = new ArrayList<>();
        long timeNs = 0;
        long rejected = 0;
        for (final Event event : events)
        {
            timeNs += Streams.stepNs(event, 1_000);
            final long price = Streams.trade(event)[0];
            final long size = (event.stepRaw() % 13 == 0) ? -Math.abs(event.stepRaw() % 2) : Streams.trade(event)[1];
            if (size <= 0)
            {
                rejected++;
                assertThat(bars.onTrade(timeNs, price, size)).isFalse();
                continue;
            }
            open.add(new Trade(timeNs, price, size));
            final boolean reached = measure(kind, open).compareTo(BigInteger.valueOf(threshold)) >= 0;
            if (reached)
            {
                expected.add(naiveBar(expected.size(), true, open));
                open.clear();
            }
            assertThat(bars.onTrade(timeNs, price, size)).isEqualTo(reached);
            assertThat(seen).isEqualTo(expected);
            if (!open.isEmpty())
            {
                assertThat(view(bars.current())).isEqualTo(naiveBar(expected.size(), false, open));
            }
            else
            {
                assertThat(bars.current().tradeCount()).isZero();
                assertThat(bars.current().vwap()).isNaN();
            }
        }
        assertThat(bars.rejected()).isEqualTo(rejected);
        assertThat(bars.barsClosed()).isEqualTo(expected.size());
        final boolean partial = bars.closePartial();
        assertThat(partial).isEqualTo(!open.isEmpty());
        if (partial)
        {
            expected.add(naiveBar(expected.size(), false, open));
        }
        assertThat(seen).isEqualTo(expected);
        assertThat(bars.closePartial()).isFalse();
        Statistics.label("closes 10+ bars").collect(expected.size() >= 10)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 20));
    }

    @Property(tries = 500)
    void shouldListEmptyIntervalsLikeNaiveEnumeration(
        @ForAll @LongRange(min = -1_000_000, max = 1_000_000) final long closedIndex,
        @ForAll @IntRange(min = 0, max = 3) final int intervalIndex,
        @ForAll @IntRange(min = -3, max = 60) final int gap,
        @ForAll @IntRange(min = 0, max = 2) final int misalignment,
        @ForAll @IntRange(min = 0, max = 25) final int maxFill,
        @ForAll final long close)
    {
        final long[] intervals = { 1, 7, 1_000, 60_000_000_000L };
        final long intervalNs = intervals[intervalIndex];
        final long closedOpenNs = closedIndex * intervalNs;
        // Usually aligned (a bar's open time); sometimes not, to pin down the rounding: intervals strictly before T'.
        final long nextOpenNs = closedOpenNs + gap * intervalNs + (misalignment == 0 ? 0 : misalignment % intervalNs);
        final List<Long> all = new ArrayList<>();
        for (long openNs = closedOpenNs + intervalNs; openNs < nextOpenNs; openNs += intervalNs)
        {
            all.add(openNs);
        }
        final List<Long> expected = all.subList(0, Math.min(maxFill, all.size()));

        final TimeBarFiller filler = new TimeBarFiller(maxFill);
        assertThat(filler.begin(closedOpenNs, nextOpenNs, intervalNs, close)).isEqualTo(expected.size());
        final List<Long> listed = new ArrayList<>();
        while (filler.hasNext())
        {
            listed.add(filler.next());
            assertThat(filler.closeMantissa()).isEqualTo(close);
        }
        assertThat(listed).isEqualTo(expected);
        assertThat(filler.emptyIntervals()).isEqualTo(all.size());
        assertThat(filler.skipped()).isEqualTo(all.size() - expected.size());
        assertThat(filler.gapEndOpenNs()).isEqualTo(all.isEmpty() ? closedOpenNs : all.get(all.size() - 1));
        assertThat(TimeBarFiller.alignedOpen(nextOpenNs, intervalNs, 0))
            .isEqualTo(Math.floorDiv(nextOpenNs, intervalNs) * intervalNs);
    }

    private static long threshold(final ActivityBarKind kind, final int thresholdKind, final long raw)
    {
        final long positive = raw & Long.MAX_VALUE;
        switch (thresholdKind)
        {
            case 0:
                return 1 + positive % 3;
            case 1:
                return kind == ActivityBarKind.TICK ? 1 + positive % 10 : 1 + positive % 5_000;
            case 2:
                return kind == ActivityBarKind.NOTIONAL ? 1 + positive % 1_000_000_000_000L : 1 + positive % 50;
            default:
                return Long.MAX_VALUE - positive % 3;
        }
    }

    private static BigInteger measure(final ActivityBarKind kind, final List<Trade> trades)
    {
        BigInteger total = BigInteger.ZERO;
        for (final Trade trade : trades)
        {
            switch (kind)
            {
                case VOLUME:
                    total = total.add(BigInteger.valueOf(trade.size()));
                    break;
                case TICK:
                    total = total.add(BigInteger.ONE);
                    break;
                default:
                    total =
                        total.add(BigInteger.valueOf(trade.price()).multiply(BigInteger.valueOf(trade.size())).abs());
                    break;
            }
        }
        return total;
    }

    private static BarView naiveBar(final long sequence, final boolean reached, final List<Trade> trades)
    {
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        BigInteger volume = BigInteger.ZERO;
        BigInteger notional = BigInteger.ZERO;
        BigInteger absNotional = BigInteger.ZERO;
        for (final Trade trade : trades)
        {
            high = Math.max(high, trade.price());
            low = Math.min(low, trade.price());
            final BigInteger product = BigInteger.valueOf(trade.price()).multiply(BigInteger.valueOf(trade.size()));
            volume = volume.add(BigInteger.valueOf(trade.size()));
            notional = notional.add(product);
            absNotional = absNotional.add(product.abs());
        }
        final Trade first = trades.get(0);
        final Trade last = trades.get(trades.size() - 1);
        final double vwap = notional.doubleValue() / volume.doubleValue();
        return new BarView(sequence, reached, first.price(), high, low, last.price(), volume, trades.size(), notional,
            absNotional, Double.doubleToRawLongBits(vwap), first.timeNs(), last.timeNs());
    }

    private static BarView view(final ActivityBar bar)
    {
        return new BarView(bar.sequence(), bar.thresholdReached(), bar.openMantissa(), bar.highMantissa(),
            bar.lowMantissa(), bar.closeMantissa(),
            WideArithmeticTest.toBig(new Int128().set(bar.volumeHi(), bar.volumeLo())), bar.tradeCount(),
            WideArithmeticTest.toBig(new Int128().set(bar.notionalHi(), bar.notionalLo())),
            WideArithmeticTest.toBig(new Int128().set(bar.absNotionalHi(), bar.absNotionalLo())),
            Double.doubleToRawLongBits(bar.vwap()), bar.firstTimeNs(), bar.lastTimeNs());
    }

    private static void assertNearExact(final double actual, final BigInteger notional, final BigInteger volume)
    {
        final BigDecimal exact = new BigDecimal(notional).divide(new BigDecimal(volume), MC);
        final BigDecimal error = new BigDecimal(actual).subtract(exact).abs();
        assertThat(error.compareTo(exact.abs().multiply(new BigDecimal(0x1p-51)))).as("%s vs %s", actual, exact)
            .isLessThanOrEqualTo(0);
        final BigInteger limit = BigInteger.ONE.shiftLeft(53);
        if (notional.abs().compareTo(limit) <= 0 && volume.compareTo(limit) <= 0)
        {
            // Both sums exact as doubles: one IEEE division, so the correctly rounded quotient (within half an ulp).
            assertThat(error.compareTo(new BigDecimal(Math.ulp(actual) / 2))).isLessThanOrEqualTo(0);
        }
    }
}
