package io.ticktape.kernel.ops;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarsAndVwapTest
{
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void shouldBeNaNWhenVwapWindowIsEmpty()
    {
        final RollingVwap vwap = new RollingVwap(1_000, 8);
        assertThat(vwap.vwap()).isNaN();
        vwap.onTrade(0, 100, 1);
        vwap.advanceTo(1_000);
        assertThat(vwap.vwap()).isNaN();
        assertThat(vwap.volume()).isZero();
        assertThat(vwap.notionalHi()).isZero();
        assertThat(vwap.notionalLo()).isZero();
    }

    @Test
    void shouldWeightNegativePricesWhenComputingVwap()
    {
        final RollingVwap vwap = new RollingVwap(1_000, 8);
        vwap.onTrade(0, -250, 3);
        vwap.onTrade(10, 50, 1);
        assertThat(vwap.vwap()).isEqualTo(-700.0 / 4);
        assertThat(vwap.onTrade(20, 10, 0)).isFalse();
        assertThat(vwap.onTrade(5, 10, 1)).isFalse();
        assertThat(vwap.rejected()).isEqualTo(2);
        assertThat(vwap.tradeCount()).isEqualTo(2);
    }

    @Test
    void shouldSaturateVolumeButKeepExactWordsWhenVolumeExceedsLong()
    {
        final RollingVwap vwap = new RollingVwap(1_000, 8);
        vwap.onTrade(0, 3, Long.MAX_VALUE);
        vwap.onTrade(0, 5, Long.MAX_VALUE);
        assertThat(vwap.volume()).isEqualTo(Long.MAX_VALUE);
        assertThat(vwap.volumeHi()).isZero();
        assertThat(vwap.volumeLo()).isEqualTo(-2L);   // 2^64 - 2 as unsigned
        assertThat(vwap.vwap()).isEqualTo(4.0);
    }

    @Test
    void shouldPutWholeCrossingTradeIntoClosingVolumeBar()
    {
        final List<String> closed = new ArrayList<>();
        final ActivityBars bars = new ActivityBars(ActivityBarKind.VOLUME, 100,
            bar -> closed.add(bar.sequence() + ":" + bar.volume() + ":" + bar.tradeCount() + ":" +
                bar.openMantissa() + "/" + bar.highMantissa() + "/" + bar.lowMantissa() + "/" + bar.closeMantissa() +
                ":" + bar.firstTimeNs() + "-" + bar.lastTimeNs()));
        assertThat(bars.onTrade(1, 10, 60)).isFalse();
        assertThat(bars.onTrade(2, 12, 70)).isTrue();    // 130 >= 100: the whole trade closes the bar
        assertThat(bars.onTrade(3, 11, 100)).isTrue();   // exactly the threshold: a bar of its own
        assertThat(bars.onTrade(4, 9, 250)).isTrue();    // larger than the threshold: still one bar
        assertThat(bars.onTrade(5, 8, 1)).isFalse();
        assertThat(closed).containsExactly(
            "0:130:2:10/12/10/12:1-2", "1:100:1:11/11/11/11:3-3", "2:250:1:9/9/9/9:4-4");
        assertThat(bars.current().sequence()).isEqualTo(3);
        assertThat(bars.current().tradeCount()).isEqualTo(1);
        assertThat(bars.current().thresholdReached()).isFalse();
        assertThat(bars.barsClosed()).isEqualTo(3);
    }

    @Test
    void shouldCloseTickBarEveryNTrades()
    {
        final long[] counts = new long[4];
        final ActivityBars bars = new ActivityBars(ActivityBarKind.TICK, 3, bar -> counts[(int)bar.sequence()] =
            bar.tradeCount());
        for (int i = 0; i < 10; i++)
        {
            bars.onTrade(i, 100 + i, 1 + i);
        }
        assertThat(counts).containsExactly(3, 3, 3, 0);
        assertThat(bars.current().tradeCount()).isEqualTo(1);
        assertThat(bars.closePartial()).isTrue();
        assertThat(counts[3]).isEqualTo(1);
    }

    @Test
    void shouldAccumulateAbsoluteNotionalWhenPricesAreNegative()
    {
        final double[] vwaps = new double[2];
        final ActivityBars bars = new ActivityBars(ActivityBarKind.NOTIONAL, 1_000, bar ->
        {
            vwaps[(int)bar.sequence()] = bar.vwap();
            assertThat(bar.absNotionalLo()).isEqualTo(1_000);
            assertThat(bar.notionalLo()).isZero();           // +500 and -500 cancel in the signed notional
        });
        assertThat(bars.onTrade(0, 50, 10)).isFalse();        // |+500|
        assertThat(bars.onTrade(1, -100, 5)).isTrue();        // |-500|: 1000 reached although the sum is 0
        assertThat(vwaps[0]).isEqualTo(0.0);
    }

    @Test
    void shouldPassSameBarInstanceToListener()
    {
        final List<ActivityBar> seen = new ArrayList<>();
        final ActivityBars bars = new ActivityBars(ActivityBarKind.TICK, 1, seen::add);
        bars.onTrade(0, 1, 1);
        bars.onTrade(0, 2, 1);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isSameAs(seen.get(1)).isSameAs(bars.current());
    }

    @Test
    void shouldRejectInvalidBarsConfigurationAndTrades()
    {
        assertThatThrownBy(() -> new ActivityBars(ActivityBarKind.TICK, 0, bar -> { }))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ActivityBars(ActivityBarKind.TICK, 1, null))
            .isInstanceOf(NullPointerException.class);
        final ActivityBars bars = new ActivityBars(ActivityBarKind.VOLUME, 1, bar -> { });
        assertThat(bars.onTrade(0, 1, 0)).isFalse();
        assertThat(bars.onTrade(0, 1, -3)).isFalse();
        assertThat(bars.rejected()).isEqualTo(2);
        assertThat(bars.closePartial()).isFalse();
    }

    @Test
    void shouldBoundFillBarsWhenGapIsAWeekend()
    {
        final TimeBarFiller filler = new TimeBarFiller(5);
        final long friday = 1_000 * MINUTE;
        final long monday = friday + 2 * 24 * 60 * MINUTE;
        assertThat(filler.begin(friday, monday, MINUTE, 4_250)).isEqualTo(5);
        assertThat(filler.emptyIntervals()).isEqualTo(2 * 24 * 60 - 1);
        assertThat(filler.skipped()).isEqualTo(2 * 24 * 60 - 6);
        assertThat(filler.gapEndOpenNs()).isEqualTo(monday - MINUTE);
        long expected = friday + MINUTE;
        while (filler.hasNext())
        {
            assertThat(filler.next()).isEqualTo(expected);
            expected += MINUTE;
        }
        assertThat(expected).isEqualTo(friday + 6 * MINUTE);
    }

    @Test
    void shouldListNothingWhenSkippingOrWhenNoGap()
    {
        final TimeBarFiller skip = new TimeBarFiller(0);
        assertThat(skip.begin(0, 10 * MINUTE, MINUTE, 1)).isZero();
        assertThat(skip.hasNext()).isFalse();
        assertThat(skip.skipped()).isEqualTo(9);

        final TimeBarFiller filler = new TimeBarFiller(10);
        assertThat(filler.begin(5 * MINUTE, 6 * MINUTE, MINUTE, 1)).isZero();   // adjacent bars
        assertThat(filler.begin(5 * MINUTE, 5 * MINUTE, MINUTE, 1)).isZero();
        assertThat(filler.begin(5 * MINUTE, 2 * MINUTE, MINUTE, 1)).isZero();   // backwards: nothing to fill
        assertThat(filler.gapEndOpenNs()).isEqualTo(5 * MINUTE);
        assertThatThrownBy(() -> filler.begin(0, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeBarFiller(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountEmptyIntervalsWhenSpanExceedsLongRange()
    {
        final TimeBarFiller filler = new TimeBarFiller(2);
        final long interval = 1L << 60;
        // From -2^63 to 2^63 - 2^60: a span above Long.MAX_VALUE, counted exactly as unsigned.
        assertThat(filler.begin(Long.MIN_VALUE, Long.MAX_VALUE - interval + 1, interval, 7)).isEqualTo(2);
        assertThat(filler.emptyIntervals()).isEqualTo(14);
        assertThat(filler.next()).isEqualTo(Long.MIN_VALUE + interval);
    }

    @Test
    void shouldAlignToEpochAndOffsetWhenTimeIsBeforeEpoch()
    {
        assertThat(TimeBarFiller.alignedOpen(-1, MINUTE, 0)).isEqualTo(-MINUTE);
        assertThat(TimeBarFiller.alignedOpen(MINUTE + 5, MINUTE, 0)).isEqualTo(MINUTE);
        assertThat(TimeBarFiller.alignedOpen(MINUTE + 5, MINUTE, 10)).isEqualTo(10);
    }
}
