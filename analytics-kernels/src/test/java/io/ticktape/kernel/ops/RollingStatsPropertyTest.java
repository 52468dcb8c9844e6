package io.ticktape.kernel.ops;

import io.ticktape.kernel.ops.NaiveWindow.Sample;
import io.ticktape.kernel.ops.Streams.Event;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rolling statistics against a naive recomputation from the full window after every event.
 * <p>
 * Long inputs: the sums are exact, so every result must be bit-identical to the same formula applied to BigInteger
 * sums of the window, and within 2^-52 relative of the exact rational value.
 * <p>
 * Double inputs: the reference is the exact (BigDecimal) value. The tolerance is
 * {@code 4u * |exact| + 2^-96 * H}, u = 2^-53: a few roundings of the final formula, plus what double-double sums
 * can lose, at most 2^-105 of the magnitude they held per operation, over fewer than 2^9 operations since the window
 * last emptied, where H bounds that magnitude (the sum of |x| or of x^2 over those samples, scaled as the formula
 * scales it).
 */
class RollingStatsPropertyTest
{
    private static final double U = 0x1p-53;
    private static final double DRIFT = 0x1p-96;
    private static final MathContext MC = new MathContext(60);

    @Provide
    Arbitrary<List<Event>> streams()
    {
        return Streams.eventLists();
    }

    @Property(tries = 250)
    void shouldMatchNaiveRecomputationWhenLongSamplesRollThroughTimeWindow(
        @ForAll("streams") final List<Event> events,
        @ForAll @IntRange(min = 0, max = 4) final int windowIndex,
        @ForAll @IntRange(min = 1, max = 12) final int capacity,
        @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) final long startNs)
    {
        final long windowNs = Streams.WINDOWS_NS[windowIndex];
        final RollingWindowStats stats = new RollingWindowStats(windowNs, capacity);
        final NaiveWindow naive = new NaiveWindow(windowNs, capacity);
        long timeNs = startNs;
        long rejected = 0;
        boolean evicted = false;
        boolean exactBoundary = false;
        boolean emptiedByGap = false;
        for (final Event event : events)
        {
            final long before = stats.count();
            timeNs += Streams.stepNs(event, windowNs);
            if (event.kind() == Streams.ADD)
            {
                final long value = Streams.longValue(event);
                final boolean accepted = naive.add(timeNs, value, 0);
                assertThat(stats.add(timeNs, value)).isEqualTo(accepted);
                rejected += accepted ? 0 : 1;
            }
            else
            {
                stats.advanceTo(timeNs);
                naive.advance(timeNs);
            }
            assertLongStats(naive.window(), stats.count(), stats.sumHi(), stats.sumLo(), stats.sum(), stats.mean(),
                stats.variance(), stats.sampleVariance(), stats.stdDev(), stats.min(), stats.max());
            assertThat(stats.windowEndNs()).isEqualTo(naive.endNs());
            evicted |= stats.evictions() > 0;
            emptiedByGap |= before > 0 && stats.count() <= 1 && Streams.stepNs(event, windowNs) > windowNs;
            for (final Sample sample : naive.sinceEmpty())
            {
                exactBoundary |= naive.endNs() - sample.timeNs() == windowNs;
            }
        }
        assertThat(stats.rejected()).isEqualTo(rejected);
        Statistics.label("evicted at capacity").collect(evicted)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 20));
        Statistics.label("sample stamped exactly end - W").collect(exactBoundary)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 20));
        Statistics.label("quiet gap emptied the window").collect(emptiedByGap)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 20));
        Statistics.label("out-of-order sample rejected").collect(rejected > 0)
            .coverage(checker -> checker.check(true).percentage(p -> p >= 20));
    }

    @Property(tries = 250)
    void shouldMatchNaiveRecomputationWhenLongSamplesRollThroughCountWindow(
        @ForAll("streams") final List<Event> events, @ForAll @IntRange(min = 1, max = 40) final int size)
    {
        final RollingCountStats stats = new RollingCountStats(size);
        final NaiveWindow naive = new NaiveWindow(Long.MAX_VALUE, size);
        for (final Event event : events)
        {
            final long value = Streams.longValue(event);
            stats.add(value);
            naive.add(0, value, 0);
            assertLongStats(naive.window(), stats.count(), stats.sumHi(), stats.sumLo(), stats.sum(), stats.mean(),
                stats.variance(), stats.sampleVariance(), stats.stdDev(), stats.min(), stats.max());
        }
        assertThat(stats.size()).isEqualTo(size);
    }

    @Property(tries = 250)
    void shouldStayWithinToleranceWhenDoubleSamplesRollThroughTimeWindow(
        @ForAll("streams") final List<Event> events,
        @ForAll @IntRange(min = 0, max = 4) final int windowIndex,
        @ForAll @IntRange(min = 1, max = 12) final int capacity,
        @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) final long startNs)
    {
        final long windowNs = Streams.WINDOWS_NS[windowIndex];
        final RollingWindowDoubleStats stats = new RollingWindowDoubleStats(windowNs, capacity);
        final RealizedVolatility realized = new RealizedVolatility(windowNs, capacity);
        final NaiveWindow naive = new NaiveWindow(windowNs, capacity);
        long timeNs = startNs;
        long rejected = 0;
        for (final Event event : events)
        {
            timeNs += Streams.stepNs(event, windowNs);
            if (event.kind() == Streams.ADD)
            {
                final double value = Streams.doubleValue(event);
                final boolean finite = Double.isFinite(value);
                final boolean accepted = finite && naive.add(timeNs, Double.doubleToRawLongBits(value), 0);
                assertThat(stats.add(timeNs, value)).isEqualTo(accepted);
                assertThat(realized.add(timeNs, value)).isEqualTo(accepted);
                rejected += accepted ? 0 : 1;
            }
            else
            {
                stats.advanceTo(timeNs);
                realized.advanceTo(timeNs);
                naive.advance(timeNs);
            }
            final List<Sample> window = naive.window();
            assertDoubleStats(window, naive.sinceEmpty(), stats.count(), stats.sum(), stats.sumOfSquares(),
                stats.mean(), stats.variance(), stats.sampleVariance(), stats.min(), stats.max());
            assertThat(Double.valueOf(stats.stdDev())).isEqualTo(Double.valueOf(Math.sqrt(stats.variance())));
            assertThat(realized.count()).isEqualTo(window.size());
            assertThat(realized.sumOfSquares()).isEqualTo(window.isEmpty() ? 0.0 : stats.sumOfSquares());
            assertThat(realized.volatility()).isEqualTo(Math.sqrt(realized.sumOfSquares()));
        }
        assertThat(stats.rejected()).isEqualTo(rejected);
        assertThat(realized.rejected()).isEqualTo(rejected);
    }

    @Property(tries = 250)
    void shouldStayWithinToleranceWhenDoubleSamplesRollThroughCountWindow(
        @ForAll("streams") final List<Event> events, @ForAll @IntRange(min = 1, max = 40) final int size)
    {
        final RollingCountDoubleStats stats = new RollingCountDoubleStats(size);
        final NaiveWindow naive = new NaiveWindow(Long.MAX_VALUE, size);
        long rejected = 0;
        for (final Event event : events)
        {
            final double value = Streams.doubleValue(event);
            final boolean accepted = Double.isFinite(value);
            assertThat(stats.add(value)).isEqualTo(accepted);
            if (accepted)
            {
                naive.add(0, Double.doubleToRawLongBits(value), 0);
            }
            else
            {
                rejected++;
            }
            assertDoubleStats(naive.window(), naive.sinceEmpty(), stats.count(), stats.sum(), stats.sumOfSquares(),
                stats.mean(), stats.variance(), stats.sampleVariance(), stats.min(), stats.max());
        }
        assertThat(stats.rejected()).isEqualTo(rejected);
    }

    private static void assertLongStats(
        final List<Sample> window, final long count, final long sumHi, final long sumLo, final double sum,
        final double mean, final double variance, final double sampleVariance, final double stdDev, final long min,
        final long max)
    {
        final long n = window.size();
        BigInteger s1 = BigInteger.ZERO;
        BigInteger s2 = BigInteger.ZERO;
        long expectedMin = Long.MAX_VALUE;
        long expectedMax = Long.MIN_VALUE;
        for (final Sample sample : window)
        {
            final BigInteger x = BigInteger.valueOf(sample.value());
            s1 = s1.add(x);
            s2 = s2.add(x.multiply(x));
            expectedMin = Math.min(expectedMin, sample.value());
            expectedMax = Math.max(expectedMax, sample.value());
        }
        assertThat(count).isEqualTo(n);
        assertThat(WideArithmeticTest.toBig(new Int128().set(sumHi, sumLo))).isEqualTo(s1);
        assertThat(sum).isEqualTo(s1.doubleValue());
        assertThat(min).isEqualTo(expectedMin);
        assertThat(max).isEqualTo(expectedMax);
        if (n == 0)
        {
            assertThat(mean).isNaN();
            assertThat(variance).isNaN();
            assertThat(sampleVariance).isNaN();
            assertThat(stdDev).isNaN();
            return;
        }
        final BigInteger numerator = s2.multiply(BigInteger.valueOf(n)).subtract(s1.multiply(s1));
        assertThat(mean).isEqualTo(s1.doubleValue() / n);
        assertThat(variance).isEqualTo(numerator.doubleValue() / (double)(n * n));
        assertThat(stdDev).isEqualTo(Math.sqrt(variance));
        if (n == 1)
        {
            assertThat(variance).isZero();
            assertThat(sampleVariance).isNaN();
        }
        else
        {
            assertThat(sampleVariance).isEqualTo(numerator.doubleValue() / (double)(n * (n - 1)));
        }
        // Against the exact rational values: at most two roundings.
        assertRelative(mean, new BigDecimal(s1).divide(BigDecimal.valueOf(n), MC), 0x1p-52);
        assertRelative(variance, new BigDecimal(numerator).divide(BigDecimal.valueOf(n * n), MC), 0x1p-52);
    }

    private static void assertDoubleStats(
        final List<Sample> window, final List<Sample> sinceEmpty, final long count, final double sum,
        final double sumOfSquares, final double mean, final double variance, final double sampleVariance,
        final double min, final double max)
    {
        final long n = window.size();
        assertThat(count).isEqualTo(n);
        if (n == 0)
        {
            assertThat(sum).isZero();
            assertThat(sumOfSquares).isZero();
            assertThat(mean).isNaN();
            assertThat(variance).isNaN();
            assertThat(sampleVariance).isNaN();
            assertThat(min).isNaN();
            assertThat(max).isNaN();
            return;
        }
        BigDecimal s1 = BigDecimal.ZERO;
        BigDecimal s2 = BigDecimal.ZERO;
        double expectedMin = Double.POSITIVE_INFINITY;
        double expectedMax = Double.NEGATIVE_INFINITY;
        for (final Sample sample : window)
        {
            final double value = Double.longBitsToDouble(sample.value());
            final BigDecimal x = new BigDecimal(value);
            s1 = s1.add(x);
            s2 = s2.add(x.multiply(x));
            expectedMin = Math.min(expectedMin, value);
            expectedMax = Math.max(expectedMax, value);
        }
        // Magnitudes the compensated sums have held since they last restarted from zero.
        double h1 = 0.0;
        double h2 = 0.0;
        for (final Sample sample : sinceEmpty)
        {
            final double value = Double.longBitsToDouble(sample.value());
            h1 += Math.abs(value);
            h2 += value * value;
        }
        assertThat(min == expectedMin).as("min %s vs %s", min, expectedMin).isTrue();
        assertThat(max == expectedMax).as("max %s vs %s", max, expectedMax).isTrue();

        final BigDecimal bigN = BigDecimal.valueOf(n);
        assertWithin(sum, s1, 2 * U * Math.abs(s1.doubleValue()) + DRIFT * h1);
        assertWithin(sumOfSquares, s2, 2 * U * s2.doubleValue() + DRIFT * h2);
        final BigDecimal exactMean = s1.divide(bigN, MC);
        assertWithin(mean, exactMean, 4 * U * Math.abs(exactMean.doubleValue()) + DRIFT * h1 / n);
        final BigDecimal numerator = s2.multiply(bigN).subtract(s1.multiply(s1));
        final BigDecimal exactVariance = numerator.divide(bigN.multiply(bigN), MC);
        final double drift = DRIFT * (h2 * n + h1 * h1);
        assertWithin(variance, exactVariance, 4 * U * exactVariance.doubleValue() + drift / ((double)n * n));
        if (n == 1)
        {
            assertThat(variance).isZero();
            assertThat(sampleVariance).isNaN();
        }
        else
        {
            final BigDecimal exactSample = numerator.divide(bigN.multiply(BigDecimal.valueOf(n - 1)), MC);
            assertWithin(sampleVariance, exactSample,
                4 * U * exactSample.doubleValue() + drift / ((double)n * (n - 1)));
        }
    }

    private static void assertWithin(final double actual, final BigDecimal exact, final double tolerance)
    {
        // The error is measured exactly: comparing with the exact value converted to double would add that
        // conversion's own half ulp to the operator's error and spuriously exceed a bound stated in ulps.
        assertThat(Double.isFinite(actual)).as("%s is finite", actual).isTrue();
        final BigDecimal error = new BigDecimal(actual).subtract(exact).abs();
        assertThat(error.compareTo(new BigDecimal(tolerance + Double.MIN_VALUE)))
            .as("%s vs exact %s: error %s above %s", actual, exact, error, tolerance).isLessThanOrEqualTo(0);
    }

    private static void assertRelative(final double actual, final BigDecimal exact, final double relative)
    {
        final BigDecimal error = new BigDecimal(actual).subtract(exact).abs();
        assertThat(error.compareTo(exact.abs().multiply(new BigDecimal(relative)))).as(
            "%s vs exact %s", actual, exact).isLessThanOrEqualTo(0);
    }
}
