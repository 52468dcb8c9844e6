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

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The anomaly scores against naive references: sorted copies for medians and MADs, full-window recomputation for
 * baselines, full-history scans for quote conditions and staleness. Integer scores must be bit-identical.
 */
class AnomalyScoresPropertyTest
{
    private static final long HAMPEL_BOUND = HampelScore.MAX_ABS_VALUE;

    @Provide
    Arbitrary<List<Event>> streams()
    {
        return Streams.eventLists();
    }

    @Property(tries = 250)
    void shouldMatchSortedCopyWhenScoringHampel(
        @ForAll("streams") final List<Event> events,
        @ForAll @IntRange(min = 1, max = 40) final int size,
        @ForAll @IntRange(min = 0, max = 2) final int minMadIndex)
    {
        final long minMad = new long[] { 0, 1, 5 }[minMadIndex];
        final HampelScore hampel = new HampelScore(size, minMad);
        final List<Long> accepted = new ArrayList<>();
        long rejected = 0;
        boolean floored = false;
        for (final Event event : events)
        {
            final long value = event.stepKind() == 7 ? ((event.valueRaw() & 1) == 0 ? 1L << 60 : Long.MIN_VALUE) :
                Streams.boundedValue(event, HAMPEL_BOUND);
            final double score = hampel.update(value);
            if (Math.abs(value) > HAMPEL_BOUND || value == Long.MIN_VALUE)
            {
                rejected++;
                assertThat(score).isNaN();
                continue;
            }
            final List<Long> window = accepted.subList(Math.max(0, accepted.size() - size), accepted.size());
            if (window.isEmpty())
            {
                assertThat(score).isNaN();
            }
            else
            {
                final List<BigInteger> sorted = new ArrayList<>();
                for (final long x : window)
                {
                    sorted.add(BigInteger.valueOf(x).shiftLeft(2));
                }
                Collections.sort(sorted);
                final BigInteger median4 = median(sorted);
                final List<BigInteger> deviations = new ArrayList<>();
                for (final BigInteger x4 : sorted)
                {
                    deviations.add(x4.subtract(median4).abs());
                }
                Collections.sort(deviations);
                final BigInteger mad4 = median(deviations);
                final BigInteger deviation4 = BigInteger.valueOf(value).shiftLeft(2).subtract(median4).abs();
                final BigInteger scale4 = mad4.max(BigInteger.valueOf(minMad * 4));
                final double expected = deviation4.signum() == 0 ? 0.0 :
                    deviation4.doubleValue() / (HampelScore.MAD_SCALE * scale4.doubleValue());
                assertThat(Double.valueOf(score)).isEqualTo(Double.valueOf(expected));
                assertThat(hampel.median()).isEqualTo(median4.doubleValue() / 4.0);
                assertThat(hampel.mad()).isEqualTo(mad4.doubleValue() / 4.0);
                assertThat(hampel.value()).isEqualTo(value);
                floored |= mad4.signum() == 0;
            }
            accepted.add(value);
            assertThat(hampel.windowCount()).isEqualTo(Math.min(size, accepted.size()));
        }
        assertThat(hampel.rejected()).isEqualTo(rejected);
        Statistics.label("MAD of zero met").collect(floored);
    }

    @Property(tries = 250)
    void shouldMatchNaiveBaselineWhenScoringVolumeSpikes(
        @ForAll("streams") final List<Event> events,
        @ForAll @IntRange(min = 0, max = 4) final int windowIndex,
        @ForAll @IntRange(min = 1, max = 12) final int capacity,
        @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) final long startNs)
    {
        final long windowNs = Streams.WINDOWS_NS[windowIndex];
        final VolumeSpike spike = new VolumeSpike(windowNs, capacity);
        final NaiveWindow naive = new NaiveWindow(windowNs, capacity);
        long timeNs = startNs;
        long rejected = 0;
        for (final Event event : events)
        {
            timeNs += Streams.stepNs(event, windowNs);
            if (event.kind() == Streams.ADVANCE)
            {
                spike.advanceTo(timeNs);
                naive.advance(timeNs);
                continue;
            }
            final long size = (event.stepRaw() % 11 == 0) ? -Math.abs(event.stepRaw() % 3) : Streams.size(event);
            final double score = spike.onTrade(timeNs, size);
            if (size <= 0 || timeNs < naive.endNs())
            {
                rejected++;
                assertThat(score).isNaN();
                continue;
            }
            naive.advance(timeNs);
            final List<Sample> baseline = naive.window();
            naive.add(timeNs, size, 0);
            if (baseline.isEmpty())
            {
                assertThat(score).isNaN();
                assertThat(spike.baselineMean()).isNaN();
                continue;
            }
            BigInteger sum = BigInteger.ZERO;
            for (final Sample sample : baseline)
            {
                sum = sum.add(BigInteger.valueOf(sample.value()));
            }
            final long n = baseline.size();
            final double expected = BigInteger.valueOf(size).multiply(BigInteger.valueOf(n)).doubleValue() /
                sum.doubleValue();
            assertThat(score).isEqualTo(expected);
            assertThat(spike.score()).isEqualTo(expected);
            assertThat(spike.baselineMean()).isEqualTo(sum.doubleValue() / n);
            assertThat(spike.size()).isEqualTo(size);
            assertThat(spike.baselineCount()).isEqualTo(naive.window().size());
        }
        assertThat(spike.rejected()).isEqualTo(rejected);
    }

    @Property(tries = 250)
    void shouldMatchSortedCopyWhenScoringSpreadBlowouts(
        @ForAll("streams") final List<Event> events, @ForAll @IntRange(min = 1, max = 40) final int size)
    {
        final SpreadBlowout blowout = new SpreadBlowout(size);
        final QuoteState quotes = new QuoteState();
        final List<Long> spreads = new ArrayList<>();
        final List<QuoteCondition> history = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        long rejected = 0;
        long timeNs = 0;
        for (final Event event : events)
        {
            timeNs += Streams.stepNs(event, 1_000);
            final long[] quote = quote(event);
            final long bid = quote[0];
            final long ask = quote[1];
            final long bidSize = quote[2];
            final long askSize = quote[3];

            final double score = blowout.onQuote(bid, ask);
            final BigInteger exactSpread = BigInteger.valueOf(ask).subtract(BigInteger.valueOf(bid));
            if (exactSpread.bitLength() > 63)
            {
                rejected++;
                assertThat(score).isNaN();
            }
            else if (exactSpread.signum() <= 0)
            {
                assertThat(score).isZero();
                assertThat(blowout.spreadMantissa()).isEqualTo(exactSpread.longValueExact());
            }
            else
            {
                final List<Long> window = spreads.subList(Math.max(0, spreads.size() - size), spreads.size());
                if (window.isEmpty())
                {
                    assertThat(score).isNaN();
                }
                else
                {
                    final List<Long> sorted = new ArrayList<>(window);
                    Collections.sort(sorted);
                    final int n = sorted.size();
                    final BigInteger twiceMedian = n % 2 == 1 ? BigInteger.valueOf(sorted.get(n / 2)).shiftLeft(1) :
                        BigInteger.valueOf(sorted.get(n / 2 - 1)).add(BigInteger.valueOf(sorted.get(n / 2)));
                    final double expected = exactSpread.shiftLeft(1).doubleValue() / twiceMedian.doubleValue();
                    assertThat(score).isEqualTo(expected);
                    assertThat(blowout.medianSpread()).isEqualTo(twiceMedian.doubleValue() / 2.0);
                }
                spreads.add(exactSpread.longValueExact());
            }

            final QuoteCondition condition = quotes.update(timeNs, bid, bidSize, ask, askSize);
            final QuoteCondition expectedCondition = bidSize <= 0 || askSize <= 0 ? QuoteCondition.ONE_SIDED :
                bid > ask ? QuoteCondition.CROSSED : bid == ask ? QuoteCondition.LOCKED : QuoteCondition.NORMAL;
            assertThat(condition).isEqualTo(expectedCondition);
            history.add(condition);
            times.add(timeNs);
            int start = history.size() - 1;
            while (start > 0 && history.get(start - 1) == condition)
            {
                start--;
            }
            assertThat(quotes.sinceNs()).isEqualTo(times.get(start));
            assertThat(quotes.condition()).isEqualTo(condition);
            assertThat(quotes.score()).isEqualTo(
                condition == QuoteCondition.CROSSED ? 2.0 : condition == QuoteCondition.LOCKED ? 1.0 : 0.0);
            assertThat(quotes.crossedQuotes()).isEqualTo(Collections.frequency(history, QuoteCondition.CROSSED));
            assertThat(quotes.lockedQuotes()).isEqualTo(Collections.frequency(history, QuoteCondition.LOCKED));
        }
        assertThat(blowout.rejected()).isEqualTo(rejected);
        assertThat(blowout.windowCount()).isEqualTo(Math.min(size, spreads.size()));
    }

    @Property(tries = 300)
    void shouldBeStaleExactlyWhenNoUpdateLiesInBudgetWindow(
        @ForAll("streams") final List<Event> events, @ForAll @IntRange(min = 0, max = 4) final int budgetIndex)
    {
        final long budgetNs = Streams.WINDOWS_NS[budgetIndex];
        final StaleDetector detector = new StaleDetector(budgetNs);
        final List<Long> heard = new ArrayList<>();
        boolean armed = false;
        boolean reported = false;
        long episodes = 0;
        long timeNs = 1_000_000;
        for (final Event event : events)
        {
            timeNs += Streams.stepNs(event, budgetNs);
            switch (Math.floorMod(event.valueRaw(), 10))
            {
                case 0:
                    detector.arm(timeNs);
                    heard.clear();
                    heard.add(timeNs);
                    armed = true;
                    reported = false;
                    break;
                case 1:
                    detector.disarm();
                    heard.clear();
                    armed = false;
                    reported = false;
                    break;
                case 2:
                case 3:
                case 4:
                case 5:
                {
                    final boolean counts = !armed || timeNs >= Collections.max(heard);
                    final boolean ended = detector.onUpdate(timeNs);
                    assertThat(ended).isEqualTo(counts && reported);
                    if (counts)
                    {
                        reported = false;
                    }
                    heard.add(timeNs);
                    armed = true;
                    break;
                }
                default:
                {
                    // Naive: stale when armed and every time heard from lies at or before now - budget.
                    boolean stale = armed;
                    for (final long heardNs : heard)
                    {
                        stale &= timeNs - heardNs >= budgetNs;
                    }
                    assertThat(detector.isStale(timeNs)).isEqualTo(stale);
                    final boolean edge = stale && !reported;
                    assertThat(detector.poll(timeNs)).isEqualTo(edge);
                    if (edge)
                    {
                        reported = true;
                        episodes++;
                    }
                    final double expectedScore = armed ?
                        Math.max(0L, timeNs - Collections.max(heard)) / (double)budgetNs : 0.0;
                    assertThat(detector.score(timeNs)).isEqualTo(expectedScore);
                    assertThat(detector.score(timeNs) >= 1.0).isEqualTo(stale);
                    break;
                }
            }
        }
        assertThat(detector.staleEpisodes()).isEqualTo(episodes);
    }

    @Provide
    Arbitrary<double[]> components()
    {
        return Arbitraries.oneOf(
            Arbitraries.doubles().between(-50, 50),
            Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-300, 1e300))
            .array(double[].class).ofSize(6);
    }

    @Provide
    Arbitrary<double[]> weights()
    {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 10), Arbitraries.just(0.0))
            .array(double[].class).ofSize(6).filter(w -> w[0] + w[1] + w[2] + w[3] + w[4] + w[5] > 0);
    }

    @Property(tries = 500)
    void shouldBeWeightedMeanOfMappedComponentsInUnitInterval(
        @ForAll("components") final double[] components,
        @ForAll("weights") final double[] weights,
        @ForAll @IntRange(min = 0, max = 1) final int mappingIndex,
        @ForAll @IntRange(min = 0, max = 5) final int bumped)
    {
        final double[] scales = { 3.0, 0.5, 1.0, 10.0, 2.0, 1e-3 };
        final EnsembleScore.Mapping mapping = EnsembleScore.Mapping.values()[mappingIndex];
        final EnsembleScore ensemble = new EnsembleScore(weights, scales, mapping);
        double weighted = 0.0;
        double total = 0.0;
        for (int i = 0; i < components.length; i++)
        {
            ensemble.component(i, components[i]);
            final double magnitude = Math.abs(components[i]);
            final double mapped = Double.isNaN(magnitude) ? 0.0 : magnitude == Double.POSITIVE_INFINITY ? 1.0 :
                mapping == EnsembleScore.Mapping.RATIONAL ? magnitude / (magnitude + scales[i]) :
                1.0 - Math.exp(-magnitude / scales[i]);
            assertThat(ensemble.mapped(i)).isBetween(0.0, 1.0).isCloseTo(mapped, within(1e-15));
            weighted += weights[i] * mapped;
            total += weights[i];
        }
        final double score = ensemble.score();
        assertThat(score).isBetween(0.0, 1.0).isCloseTo(weighted / total, within(1e-14));

        // Raising one component's magnitude never lowers the ensemble.
        final double magnitude = Math.abs(components[bumped]);
        ensemble.component(bumped, Double.isNaN(magnitude) ? 1.0 : magnitude * 2 + 1);
        assertThat(ensemble.score()).isGreaterThanOrEqualTo(score - 1e-15);
    }

    private static BigInteger median(final List<BigInteger> sorted)
    {
        final int n = sorted.size();
        return sorted.get((n - 1) / 2).add(sorted.get(n / 2)).shiftRight(1);
    }

    /**
     * A quote: bid, ask, bid size, ask size. Spreads are mostly small positive with ties, sometimes zero, negative
     * or enormous; sometimes a side is missing; sometimes bid and ask are at opposite extremes (spread overflows).
     */
    private static long[] quote(final Event event)
    {
        final long raw = event.valueRaw();
        final long bid = Streams.boundedValue(event, 1L << 61);
        final long bidSize = (raw & 0x70) == 0 ? 0 : 1 + (raw >>> 8) % 100;
        final long askSize = (raw & 0x380) == 0 ? -1 : 1 + (raw >>> 9) % 100;
        switch (event.stepKind())
        {
            case 0:
            case 5:
                return new long[] { bid, bid + 1 + Math.floorMod(raw >> 12, 3), bidSize, askSize };
            case 1:
                return new long[] { bid, bid, bidSize, askSize };
            case 2:
                return new long[] { bid, bid - 1 - Math.floorMod(raw >> 12, 5), bidSize, askSize };
            case 3:
                return new long[] { bid, bid + Math.floorMod(raw >> 12, 1L << 61), bidSize, askSize };
            case 4:
                return new long[] { Long.MIN_VALUE + Math.floorMod(raw >> 12, 3), Long.MAX_VALUE, bidSize, askSize };
            default:
                return new long[] { bid, bid + 1 + Math.floorMod(raw >> 12, 50), bidSize, askSize };
        }
    }
}
