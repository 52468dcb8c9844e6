package io.ticktape.kernel;

import io.ticktape.kernel.RecordingSink.BarView;
import io.ticktape.kernel.RecordingSink.VwapView;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalyticsKernelTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long DAY = TimeUnit.DAYS.toNanos(1);
    private static final long DAY_2 = Instant.parse("2026-01-06T00:00:00Z").getEpochSecond() * SECOND;
    private static final long DAY_1 = DAY_2 - DAY;

    private final RecordingSink sink = new RecordingSink();
    private final Counters counters = new Counters();
    private long nowNs = 50_000;
    private long seq;

    private AnalyticsKernel kernel(final long... intervals)
    {
        return new AnalyticsKernel(intervals, DAY, 0, sink, () -> nowNs, null, counters);
    }

    @Test
    void shouldCountAndIgnoreTradeWhenSizeNotPositive()
    {
        final AnalyticsKernel kernel = kernel(SECOND);
        kernel.onTick(trade(1, DAY_2 + 1, 100, 0));
        kernel.onTick(trade(1, DAY_2 + 2, 100, -1));
        kernel.onTick(trade(1, DAY_2 + 3, 100, Long.MIN_VALUE));

        assertThat(sink.outputs).isEmpty();
        assertThat(counters.value("kernel.invalid_trades")).isEqualTo(3);
        assertThat(counters.value("kernel.trades")).isZero();
        assertThat(counters.value("kernel.ticks")).isEqualTo(3);

        kernel.onTick(trade(1, DAY_2 + 4, -30, 5));
        assertThat(sink.vwaps()).singleElement().satisfies(vwap ->
        {
            assertThat(vwap.volume()).isEqualTo(5);
            assertThat(vwap.tradeCount()).isEqualTo(1);
            assertThat(vwap.vwap()).isEqualTo(-30.0);
        });
        kernel.publishOpenBars();
        assertThat(sink.bars()).singleElement().satisfies(bar ->
        {
            assertThat(bar.tradeCount()).isEqualTo(1);
            assertThat(bar.volume()).isEqualTo(5);
            assertThat(bar.firstTradeNs()).isEqualTo(DAY_2 + 4);
        });
    }

    @Test
    void shouldReviseClosedBarWhenLateTradeWithinLateness()
    {
        final AnalyticsKernel kernel = kernel(SECOND);
        kernel.onTick(trade(1, DAY_2 + 10 * SECOND + SECOND / 2, 100, 1));
        kernel.onTick(trade(1, DAY_2 + 11 * SECOND + SECOND / 5, 200, 2));
        final Tick late = trade(1, DAY_2 + 10 * SECOND + 9 * SECOND / 10, 300, 4);
        kernel.onTick(late);

        assertThat(counters.value("kernel.late_trades")).isZero();
        assertThat(counters.value("kernel.late_trades_applied")).isEqualTo(1);
        assertThat(counters.value("kernel.bars_closed")).isEqualTo(1);
        assertThat(counters.value("kernel.bars_revised")).isEqualTo(1);
        assertThat(sink.bars()).hasSize(2);
        assertThat(sink.bars().get(0).revision()).isZero();
        assertThat(sink.bars().get(1)).satisfies(bar ->
        {
            assertThat(bar.globalSeq()).isEqualTo(late.globalSeq);
            assertThat(bar.openTimeNs()).isEqualTo(DAY_2 + 10 * SECOND);
            assertThat(bar.revision()).isEqualTo(1);
            assertThat(bar.tradeCount()).isEqualTo(2);
            assertThat(bar.open()).isEqualTo(100);
            assertThat(bar.close()).isEqualTo(300);
            assertThat(bar.high()).isEqualTo(300);
            assertThat(bar.volume()).isEqualTo(5);
            assertThat(bar.lastTradeNs()).isEqualTo(late.exchangeTimeNs);
            assertThat(bar.closed()).isTrue();
        });
        assertThat(sink.vwaps()).last().satisfies(vwap -> assertThat(vwap.volume()).isEqualTo(7));

        // An earlier trade still within the bound becomes the bar's open, revision 2.
        kernel.onTick(trade(1, DAY_2 + 10 * SECOND + 1, 50, 1));
        assertThat(sink.bars()).last().satisfies(bar ->
        {
            assertThat(bar.revision()).isEqualTo(2);
            assertThat(bar.open()).isEqualTo(50);
            assertThat(bar.low()).isEqualTo(50);
            assertThat(bar.close()).isEqualTo(300);
            assertThat(bar.firstTradeNs()).isEqualTo(DAY_2 + 10 * SECOND + 1);
        });

        sink.outputs.clear();
        kernel.publishOpenBars();
        assertThat(sink.bars()).singleElement().satisfies(bar ->
        {
            assertThat(bar.openTimeNs()).isEqualTo(DAY_2 + 11 * SECOND);
            assertThat(bar.tradeCount()).isEqualTo(1);
            assertThat(bar.closed()).isFalse();
        });
    }

    @Test
    void shouldCountAndSkipTradeWhenBeyondMaxLateness()
    {
        final AnalyticsKernel kernel = new AnalyticsKernel(new long[] { SECOND }, SessionCalendar.fixedLength(DAY, 0),
            sink, () -> nowNs, null, counters, KernelConfiguration.disabled(), new BarConfiguration(0, 0, 2 * SECOND));
        kernel.onTick(trade(1, DAY_2 + 10 * SECOND, 100, 1));
        kernel.onTick(trade(1, DAY_2 + 13 * SECOND, 200, 1));
        final int before = sink.outputs.size();
        kernel.onTick(trade(1, DAY_2 + 11 * SECOND - 1, 300, 1));
        kernel.onTick(trade(1, DAY_2 + 11 * SECOND, 400, 1));

        assertThat(counters.value("kernel.late_trades")).isEqualTo(1);
        assertThat(counters.value("kernel.late_trades_applied")).isEqualTo(1);
        // The trade exactly at the bound opens a bar of its own: its interval had none, so revision 0.
        assertThat(sink.bars().subList(sink.bars().size() - 1, sink.bars().size())).singleElement().satisfies(bar ->
        {
            assertThat(bar.openTimeNs()).isEqualTo(DAY_2 + 11 * SECOND);
            assertThat(bar.revision()).isZero();
            assertThat(bar.closed()).isTrue();
            assertThat(bar.close()).isEqualTo(400);
        });
        assertThat(sink.outputs.size() - before).isEqualTo(2);
    }

    @Test
    void shouldCloseQuietInstrumentBarWhenTimerOrOtherInstrumentMovesClock()
    {
        final AnalyticsKernel kernel = kernel(SECOND, MINUTE);
        kernel.onTick(trade(1, DAY_2 + SECOND / 2, 100, 1));
        kernel.onTick(trade(2, DAY_2 + SECOND / 3, 7, 1));
        sink.outputs.clear();

        // Another instrument's quote in the next second closes both 1 s bars; the minute stays open.
        final Tick quote = quote(3, DAY_2 + SECOND);
        kernel.onTick(quote);
        assertThat(sink.bars()).hasSize(2).allSatisfy(bar ->
        {
            assertThat(bar.intervalNs()).isEqualTo(SECOND);
            assertThat(bar.closed()).isTrue();
            assertThat(bar.globalSeq()).isEqualTo(quote.globalSeq);
        });
        assertThat(sink.bars()).extracting(BarView::instrumentId).containsExactly(1, 2);

        // A timer tick, carrying the last sequence number, closes the minute bars with nothing else trading.
        sink.outputs.clear();
        kernel.onTick(timer(DAY_2 + MINUTE - 1));
        assertThat(sink.outputs).isEmpty();
        kernel.onTick(timer(DAY_2 + MINUTE));
        assertThat(sink.bars()).hasSize(2).allSatisfy(bar ->
        {
            assertThat(bar.intervalNs()).isEqualTo(MINUTE);
            assertThat(bar.globalSeq()).isEqualTo(quote.globalSeq);
        });
        assertThat(sink.vwaps()).isEmpty();
        assertThat(counters.value("kernel.timers")).isEqualTo(2);
        assertThat(kernel.clockNs()).isEqualTo(DAY_2 + MINUTE);

        // A timer never moves the clock back.
        kernel.onTick(timer(DAY_2));
        assertThat(kernel.clockNs()).isEqualTo(DAY_2 + MINUTE);
    }

    @Test
    void shouldFillEmptyIntervalsWithPreviousCloseUpToBound()
    {
        final AnalyticsKernel kernel = new AnalyticsKernel(new long[] { SECOND }, SessionCalendar.fixedLength(DAY, 0),
            sink, () -> nowNs, null, counters, KernelConfiguration.disabled(), new BarConfiguration(3, 0, SECOND));
        kernel.onTick(trade(1, DAY_2 + SECOND / 2, 100, 1));
        kernel.onTick(trade(1, DAY_2 + SECOND / 2 + 1, 90, 1));
        sink.outputs.clear();
        kernel.onTick(timer(DAY_2 + 3 * SECOND + 5));

        assertThat(sink.bars()).extracting(BarView::openTimeNs, BarView::close, BarView::volume, BarView::tradeCount)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(DAY_2, 90L, 2L, 2L),
                org.assertj.core.groups.Tuple.tuple(DAY_2 + SECOND, 90L, 0L, 0L),
                org.assertj.core.groups.Tuple.tuple(DAY_2 + 2 * SECOND, 90L, 0L, 0L));
        assertThat(sink.bars().get(1)).satisfies(bar ->
        {
            assertThat(bar.open()).isEqualTo(90);
            assertThat(bar.high()).isEqualTo(90);
            assertThat(bar.low()).isEqualTo(90);
            assertThat(bar.vwap()).isNaN();
            assertThat(bar.closed()).isTrue();
        });

        // A weekend-like gap: three intervals listed, the rest counted.
        sink.outputs.clear();
        kernel.onTick(timer(DAY_2 + HOUR));
        assertThat(sink.bars()).hasSize(3);
        assertThat(sink.bars().get(0).openTimeNs()).isEqualTo(DAY_2 + 3 * SECOND);
        assertThat(counters.value("kernel.bars_filled")).isEqualTo(5);
        assertThat(counters.value("kernel.fill_intervals_skipped")).isEqualTo(HOUR / SECOND - 3 - 3);

        // The next trade's bar follows on without a hole from the clock's interval.
        sink.outputs.clear();
        kernel.onTick(trade(1, DAY_2 + HOUR + SECOND + 1, 80, 1));
        assertThat(sink.bars()).extracting(BarView::openTimeNs).containsExactly(DAY_2 + HOUR);
    }

    @Test
    void shouldRepriceFilledBarsWhenLateTradeChangesClose()
    {
        final AnalyticsKernel kernel = new AnalyticsKernel(new long[] { SECOND }, SessionCalendar.fixedLength(DAY, 0),
            sink, () -> nowNs, null, counters, KernelConfiguration.disabled(), new BarConfiguration(10, 0, 5 * SECOND));
        kernel.onTick(trade(1, DAY_2 + 100, 100, 1));
        kernel.onTick(timer(DAY_2 + 3 * SECOND));
        sink.outputs.clear();

        kernel.onTick(trade(1, DAY_2 + 200, 120, 1));
        assertThat(sink.bars()).extracting(BarView::openTimeNs, BarView::close, BarView::revision, BarView::tradeCount)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(DAY_2, 120L, 1, 2L),
                org.assertj.core.groups.Tuple.tuple(DAY_2 + SECOND, 120L, 1, 0L),
                org.assertj.core.groups.Tuple.tuple(DAY_2 + 2 * SECOND, 120L, 1, 0L));

        // A late trade into a filled interval makes it real; the filled one after it follows its close.
        sink.outputs.clear();
        kernel.onTick(trade(1, DAY_2 + SECOND + 5, 130, 2));
        assertThat(sink.bars()).extracting(BarView::openTimeNs, BarView::close, BarView::revision, BarView::tradeCount)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(DAY_2 + SECOND, 130L, 2, 1L),
                org.assertj.core.groups.Tuple.tuple(DAY_2 + 2 * SECOND, 130L, 2, 0L));
        kernel.onTick(timer(DAY_2 + 4 * SECOND));
        assertThat(sink.bars()).last().satisfies(bar ->
        {
            assertThat(bar.openTimeNs()).isEqualTo(DAY_2 + 3 * SECOND);
            assertThat(bar.close()).isEqualTo(130);
            assertThat(bar.revision()).isZero();
        });
    }

    @Test
    void shouldPublishThrottledInProgressBarsWhenConfigured()
    {
        final AnalyticsKernel kernel = new AnalyticsKernel(new long[] { MINUTE }, SessionCalendar.fixedLength(DAY, 0),
            sink, () -> nowNs, null, counters, KernelConfiguration.disabled(),
            new BarConfiguration(0, 10 * SECOND, SECOND));
        for (int i = 0; i < 30; i++)
        {
            kernel.onTick(trade(1, DAY_2 + i * SECOND, 100 + i, 1));
        }
        assertThat(sink.bars()).extracting(BarView::lastTradeNs)
            .containsExactly(DAY_2, DAY_2 + 10 * SECOND, DAY_2 + 20 * SECOND);
        assertThat(sink.bars()).allSatisfy(bar ->
        {
            assertThat(bar.closed()).isFalse();
            assertThat(bar.revision()).isZero();
        });
        assertThat(sink.bars().get(2).tradeCount()).isEqualTo(21);
    }

    @Test
    void shouldCountAndSkipTradeWhenOlderThanSession()
    {
        final AnalyticsKernel kernel = kernel(MINUTE);
        kernel.onTick(trade(1, DAY_2 + SECOND, 100, 1));
        kernel.onTick(trade(1, DAY_2 - SECOND, 500, 9));

        assertThat(counters.value("kernel.late_trades")).isEqualTo(1);
        assertThat(sink.outputs).hasSize(1);

        kernel.onTick(trade(1, DAY_2 + 2 * SECOND, 300, 1));
        assertThat(sink.vwaps()).last().satisfies(vwap ->
        {
            assertThat(vwap.volume()).isEqualTo(2);
            assertThat(vwap.tradeCount()).isEqualTo(2);
            assertThat(vwap.vwap()).isEqualTo(200.0);
        });
    }

    @Test
    void shouldResetSessionWhenTradeCrossesUtcMidnight()
    {
        final AnalyticsKernel kernel = kernel(MINUTE);
        kernel.onTick(trade(1, DAY_2 - SECOND / 2, 100, 10));
        kernel.onTick(trade(1, DAY_2, 200, 1));
        kernel.onTick(trade(1, DAY_2 + SECOND / 5, 300, 3));

        assertThat(sink.vwaps()).extracting(VwapView::sessionStartNs).containsExactly(DAY_1, DAY_2, DAY_2);
        assertThat(sink.vwaps()).extracting(VwapView::volume).containsExactly(10L, 1L, 4L);
        assertThat(sink.vwaps()).extracting(VwapView::tradeCount).containsExactly(1L, 1L, 2L);
        assertThat(sink.vwaps()).extracting(VwapView::vwap).containsExactly(100.0, 200.0, 275.0);
        assertThat(sink.bars()).singleElement().satisfies(bar ->
        {
            assertThat(bar.openTimeNs()).isEqualTo(DAY_2 - MINUTE);
            assertThat(bar.volume()).isEqualTo(10);
        });
    }

    @Test
    void shouldStartSessionAtOffsetWhenOffsetGiven()
    {
        final AnalyticsKernel kernel = new AnalyticsKernel(
            new long[] { MINUTE }, DAY, 22 * HOUR, sink, () -> nowNs, null, counters);
        kernel.onTick(trade(1, DAY_2 + 21 * HOUR, 100, 1));
        kernel.onTick(trade(1, DAY_2 + 22 * HOUR - 1, 100, 1));
        kernel.onTick(trade(1, DAY_2 + 22 * HOUR, 100, 1));

        assertThat(sink.vwaps()).extracting(VwapView::sessionStartNs)
            .containsExactly(DAY_1 + 22 * HOUR, DAY_1 + 22 * HOUR, DAY_2 + 22 * HOUR);
        assertThat(sink.vwaps()).extracting(VwapView::tradeCount).containsExactly(1L, 2L, 1L);
    }

    @Test
    void shouldUseDefinitionExponentWhenInstrumentDefined()
    {
        final AnalyticsKernel kernel = kernel(SECOND);
        kernel.onTick(trade(4, DAY_2, 100, 1));
        kernel.onTick(definition(4, -4));
        kernel.onTick(trade(4, DAY_2 + 1, 100, 1));
        kernel.onTick(quote(4, DAY_2 + 2));

        assertThat(sink.vwaps()).extracting(VwapView::priceExponent).containsExactly(0, -4);
        assertThat(counters.value("kernel.ticks_before_definition")).isEqualTo(1);
        kernel.publishOpenBars();
        assertThat(sink.bars()).singleElement().extracting(BarView::priceExponent).isEqualTo(-4);
    }

    @Test
    void shouldPublishNothingWhenOnlyQuotesAndDefinitions()
    {
        final AnalyticsKernel kernel = kernel(SECOND, MINUTE);
        kernel.onTick(definition(1, -2));
        kernel.onTick(quote(1, DAY_2));
        kernel.onTick(quote(2, DAY_2));
        final Tick none = new Tick();
        none.globalSeq = ++seq;
        kernel.onTick(none);
        kernel.publishOpenBars();

        assertThat(sink.outputs).isEmpty();
        assertThat(counters.value("kernel.ticks")).isEqualTo(4);
        assertThat(counters.value("kernel.last_global_seq")).isEqualTo(4);
    }

    @Test
    void shouldPublishInProgressBarsWhenShutDown()
    {
        final AnalyticsKernel kernel = kernel(SECOND, MINUTE);
        kernel.onTick(trade(1, DAY_2 + 100, 10, 1));
        kernel.onTick(trade(2, DAY_2 + 200, -20, 2));
        kernel.onTick(quote(1, DAY_2 + 300));
        sink.outputs.clear();

        kernel.onShutdown();

        assertThat(sink.bars()).hasSize(4).allSatisfy(bar ->
        {
            assertThat(bar.closed()).isFalse();
            assertThat(bar.globalSeq()).isEqualTo(3);
            assertThat(bar.revision()).isZero();
        });
        assertThat(sink.bars()).extracting(BarView::instrumentId, BarView::intervalNs).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1, SECOND), org.assertj.core.groups.Tuple.tuple(1, MINUTE),
            org.assertj.core.groups.Tuple.tuple(2, SECOND), org.assertj.core.groups.Tuple.tuple(2, MINUTE));
        assertThat(sink.emittedNs).containsOnly(50_000L);
    }

    @Test
    void shouldKeepVwapExactWhenNotionalExceedsLong()
    {
        final AnalyticsKernel kernel = kernel(MINUTE);
        final long price = 1L << 60;
        kernel.onTick(trade(1, DAY_2, price, 1 << 10));
        kernel.onTick(trade(1, DAY_2 + 1, price, 1 << 10));
        kernel.onTick(trade(1, DAY_2 + 2, price, 1 << 10));
        kernel.onTick(trade(1, DAY_2 + 3, -price, 1 << 10));
        kernel.onTick(trade(1, DAY_2 + 4, price, 1 << 10));

        // Notional 3 * 2^70 after three trades: a long would have wrapped.
        assertThat(sink.vwaps()).extracting(VwapView::vwap)
            .containsExactly((double)price, (double)price, (double)price, price / 2.0, price * 3.0 / 5.0);
        kernel.publishOpenBars();
        assertThat(sink.bars()).singleElement().extracting(BarView::vwap).isEqualTo(price * 3.0 / 5.0);
    }

    @Test
    void shouldRecordReceiveToDoneLatencyWhenRecorderGiven()
    {
        final SingleWriterRecorder recorder = new SingleWriterRecorder(3);
        final AnalyticsKernel kernel = new AnalyticsKernel(
            new long[] { SECOND }, DAY, 0, sink, () -> nowNs, recorder, counters);
        nowNs = 10_000;
        kernel.onTick(withReceive(quote(1, DAY_2), 4_000));
        kernel.onTick(withReceive(trade(1, DAY_2, 1, 1), 20_000));
        kernel.onTick(withReceive(quote(1, DAY_2), 10_000 - 60 * SECOND));

        final Histogram histogram = recorder.getIntervalHistogram();
        assertThat(histogram.getTotalCount()).isEqualTo(3);
        assertThat(histogram.getCountAtValue(0)).isEqualTo(1);
        assertThat(histogram.getCountAtValue(6_000)).isEqualTo(1);
        assertThat(histogram.valuesAreEquivalent(histogram.getMaxValue(), AnalyticsKernel.MAX_RECORDED_LATENCY_NS))
            .isTrue();
    }

    @Test
    void shouldRejectConfigurationWhenIntervalOrSessionNotPositive()
    {
        assertThatThrownBy(() -> new AnalyticsKernel(new long[] { SECOND, 0 }, DAY, 0, sink, () -> 0, null, counters))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnalyticsKernel(new long[] { -1 }, DAY, 0, sink, () -> 0, null, counters))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnalyticsKernel(new long[] { SECOND }, 0, 0, sink, () -> 0, null, counters))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNotShareIntervalsWhenCallerChangesArray()
    {
        final long[] intervals = { SECOND };
        final AnalyticsKernel kernel = new AnalyticsKernel(intervals, DAY, 0, sink, () -> 0, null, counters);
        intervals[0] = MINUTE;
        kernel.onTick(trade(1, DAY_2, 1, 1));
        kernel.publishOpenBars();
        assertThat(sink.bars()).singleElement().extracting(BarView::intervalNs).isEqualTo(SECOND);
    }

    private Tick trade(final int instrumentId, final long timeNs, final long price, final long size)
    {
        final Tick tick = new Tick();
        tick.type = TickType.TRADE;
        tick.globalSeq = ++seq;
        tick.instrumentId = instrumentId;
        tick.exchangeTimeNs = timeNs;
        tick.priceMantissa = price;
        tick.size = size;
        return tick;
    }

    private Tick timer(final long timeNs)
    {
        final Tick tick = new Tick();
        tick.type = TickType.TIMER;
        tick.globalSeq = seq;
        tick.exchangeTimeNs = timeNs;
        return tick;
    }

    private Tick quote(final int instrumentId, final long timeNs)
    {
        final Tick tick = new Tick();
        tick.type = TickType.QUOTE;
        tick.globalSeq = ++seq;
        tick.instrumentId = instrumentId;
        tick.exchangeTimeNs = timeNs;
        tick.bidPriceMantissa = 1;
        tick.bidSize = 1;
        tick.askPriceMantissa = 2;
        tick.askSize = 1;
        return tick;
    }

    private Tick definition(final int instrumentId, final int exponent)
    {
        final Tick tick = new Tick();
        tick.type = TickType.INSTRUMENT;
        tick.globalSeq = ++seq;
        tick.instrumentId = instrumentId;
        tick.priceExponent = exponent;
        tick.tickSizeMantissa = 1;
        tick.symbol("X" + instrumentId);
        return tick;
    }

    private static Tick withReceive(final Tick tick, final long receiveNs)
    {
        tick.receiveNs = receiveNs;
        return tick;
    }
}
