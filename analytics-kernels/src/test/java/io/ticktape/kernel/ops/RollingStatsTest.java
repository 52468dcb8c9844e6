package io.ticktape.kernel.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollingStatsTest
{
    @Test
    void shouldReportNaNAndSentinelsWhenEmpty()
    {
        final RollingWindowStats stats = new RollingWindowStats(10, 4);
        assertThat(stats.count()).isZero();
        assertThat(stats.sum()).isZero();
        assertThat(stats.mean()).isNaN();
        assertThat(stats.variance()).isNaN();
        assertThat(stats.sampleVariance()).isNaN();
        assertThat(stats.stdDev()).isNaN();
        assertThat(stats.min()).isEqualTo(Long.MAX_VALUE);
        assertThat(stats.max()).isEqualTo(Long.MIN_VALUE);
        assertThat(stats.windowEndNs()).isEqualTo(Long.MIN_VALUE);

        final RollingWindowDoubleStats doubles = new RollingWindowDoubleStats(10, 4);
        assertThat(doubles.mean()).isNaN();
        assertThat(doubles.min()).isNaN();
        assertThat(doubles.max()).isNaN();
        assertThat(doubles.sum()).isZero();
    }

    @Test
    void shouldHaveZeroVarianceWhenSingleSample()
    {
        final RollingWindowStats stats = new RollingWindowStats(10, 4);
        stats.add(0, -7);
        assertThat(stats.variance()).isZero();
        assertThat(stats.stdDev()).isZero();
        assertThat(stats.sampleVariance()).isNaN();
        assertThat(stats.mean()).isEqualTo(-7.0);
        assertThat(stats.min()).isEqualTo(-7);
        assertThat(stats.max()).isEqualTo(-7);

        final RollingCountDoubleStats doubles = new RollingCountDoubleStats(3);
        doubles.add(0.1);
        doubles.add(0.7);
        doubles.add(0.3);
        doubles.add(0.25);
        doubles.add(0.5);
        doubles.add(0.125);
        final RollingCountDoubleStats single = new RollingCountDoubleStats(1);
        single.add(0.3);
        single.add(0.7);
        assertThat(single.variance()).isZero();
        assertThat(single.mean()).isEqualTo(0.7);
    }

    @Test
    void shouldDropSampleStampedExactlyWindowAgoWhenWindowMoves()
    {
        final RollingWindowStats stats = new RollingWindowStats(10, 8);
        stats.add(100, 1);
        stats.add(105, 2);
        stats.advanceTo(109);
        assertThat(stats.count()).isEqualTo(2);
        stats.advanceTo(110);   // (100, 110]: the sample at 100 has left
        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.min()).isEqualTo(2);
        stats.advanceTo(114);
        assertThat(stats.count()).isEqualTo(1);
        stats.advanceTo(115);
        assertThat(stats.count()).isZero();
        assertThat(stats.mean()).isNaN();
    }

    @Test
    void shouldRejectAndCountSampleStampedBeforeWindowEnd()
    {
        final RollingWindowStats stats = new RollingWindowStats(10, 8);
        stats.add(100, 1);
        stats.advanceTo(103);
        assertThat(stats.add(102, 5)).isFalse();
        assertThat(stats.add(103, 5)).isTrue();   // equal to the end is fine
        assertThat(stats.rejected()).isEqualTo(1);
        stats.advanceTo(50);                       // a window never moves back
        assertThat(stats.windowEndNs()).isEqualTo(103);
        assertThat(stats.count()).isEqualTo(2);
    }

    @Test
    void shouldEvictOldestAndCountWhenCapacityExceeded()
    {
        final RollingWindowStats stats = new RollingWindowStats(1_000, 3);
        for (int i = 0; i < 5; i++)
        {
            stats.add(0, i * 10);   // a burst at one timestamp
        }
        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.evictions()).isEqualTo(2);
        assertThat(stats.min()).isEqualTo(20);
        assertThat(stats.max()).isEqualTo(40);
        assertThat(stats.mean()).isEqualTo(30.0);
    }

    @Test
    void shouldKeepExactVarianceWhenValuesAreHugeAndClose()
    {
        // A double-based one-pass formula loses everything here: x^2 ~ 2^124 while the spread is 1.
        final RollingCountStats stats = new RollingCountStats(4);
        final long base = Long.MAX_VALUE - 10;
        stats.add(base);
        stats.add(base + 1);
        stats.add(base + 2);
        stats.add(base + 3);
        assertThat(stats.variance()).isEqualTo(1.25);
        assertThat(stats.sampleVariance()).isEqualTo(5.0 / 3.0);
        stats.add(base - 1);   // evicts base
        assertThat(stats.min()).isEqualTo(base - 1);
        assertThat(stats.max()).isEqualTo(base + 3);
        assertThat(stats.variance()).isEqualTo(2.1875);
    }

    @Test
    void shouldHandleNegativePricesWhenComputingStatistics()
    {
        final RollingCountStats stats = new RollingCountStats(3);
        stats.add(-250);
        stats.add(-100);
        stats.add(50);
        assertThat(stats.mean()).isEqualTo(-100.0);
        assertThat(stats.min()).isEqualTo(-250);
        assertThat(stats.max()).isEqualTo(50);
        assertThat(stats.variance()).isEqualTo(15_000.0);
    }

    @Test
    void shouldRejectNonFiniteAndHugeDoubles()
    {
        final RollingWindowDoubleStats stats = new RollingWindowDoubleStats(10, 4);
        assertThat(stats.add(0, Double.NaN)).isFalse();
        assertThat(stats.add(0, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(stats.add(0, 0x1p481)).isFalse();
        assertThat(stats.add(0, 0x1p480)).isTrue();
        assertThat(stats.rejected()).isEqualTo(3);
        assertThat(stats.count()).isEqualTo(1);

        final RollingCountDoubleStats count = new RollingCountDoubleStats(2);
        assertThat(count.add(Double.NaN)).isFalse();
        assertThat(count.rejected()).isEqualTo(1);
        assertThat(count.count()).isZero();
    }

    @Test
    void shouldRestartFromExactZeroWhenWindowEmpties()
    {
        final RollingWindowDoubleStats stats = new RollingWindowDoubleStats(10, 4);
        stats.add(0, 0.1);
        stats.add(1, 1e10);
        stats.add(2, 0.3);
        stats.advanceTo(100);
        assertThat(stats.count()).isZero();
        assertThat(stats.sum()).isZero();
        assertThat(stats.sumOfSquares()).isZero();
        stats.add(100, 0.25);
        stats.add(100, 0.75);
        assertThat(stats.sum()).isEqualTo(1.0);
        assertThat(stats.variance()).isEqualTo(0.0625);
    }

    @Test
    void shouldRejectInvalidConfiguration()
    {
        assertThatThrownBy(() -> new RollingWindowStats(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RollingWindowStats(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RollingCountStats(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RollingWindowDoubleStats(-1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RealizedVolatility(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RollingVwap(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VolumeSpike(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldForgetWindowWhenReset()
    {
        final RollingWindowStats stats = new RollingWindowStats(10, 4);
        stats.add(100, 3);
        stats.reset();
        assertThat(stats.count()).isZero();
        assertThat(stats.add(5, 4)).isTrue();   // the end time is forgotten too
        assertThat(stats.max()).isEqualTo(4);
    }

    @Test
    void shouldAgreeWithFullWindowWhenKeepingOnlyWhatIsRead()
    {
        final RollingWindowStats full = new RollingWindowStats(100, 16);
        final RollingWindowStats meanOnly = new RollingWindowStats(100, 16, false, false);
        final RollingWindowStats noExtremes = new RollingWindowStats(100, 16, false, true);
        long timeNs = 0;
        for (int i = 0; i < 500; i++)
        {
            timeNs += (i * 7919L) % 37;
            final long value = (i * 104_729L) % 2001 - 1000;
            full.add(timeNs, value);
            meanOnly.add(timeNs, value);
            noExtremes.add(timeNs, value);
            assertThat(meanOnly.count()).isEqualTo(full.count());
            assertThat(meanOnly.mean()).isEqualTo(full.mean());
            assertThat(meanOnly.sumLo()).isEqualTo(full.sumLo());
            assertThat(meanOnly.variance()).isNaN();
            assertThat(noExtremes.variance()).isEqualTo(full.variance());
            assertThat(noExtremes.stdDev()).isEqualTo(full.stdDev());
            assertThat(noExtremes.evictions()).isEqualTo(full.evictions());
        }
        assertThatThrownBy(meanOnly::min).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(noExtremes::max).isInstanceOf(IllegalStateException.class);
    }
}
