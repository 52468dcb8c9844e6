package io.ticktape.kernel;

import com.lmax.disruptor.EventHandler;
import io.ticktape.kernel.ops.EnsembleScore;
import io.ticktape.kernel.ops.QuoteCondition;
import io.ticktape.protocol.sbe.BarEncoder;
import io.ticktape.protocol.sbe.BooleanType;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.VwapUpdateEncoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import io.ticktape.protocol.tick.TickType;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import io.ticktape.kernel.ops.TimeBarFiller;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The single writer of all analytics state. Consumes the ring in global sequence order and, per instrument:
 * <ul>
 *     <li>session VWAP (exact 128-bit notional), published as a {@code VwapUpdate} after every trade;</li>
 *     <li>time bars for each configured interval, aligned to the epoch (so 1 min bars open on the minute), closed by
 *     the kernel's clock in tick time, filled, revised by late trades and previewed as {@link BarConfiguration}
 *     describes; open bars are published as in-progress snapshots when the kernel shuts down.</li>
 *     <li>when {@link KernelConfiguration#enabled()}, the streaming operators of {@link InstrumentOps}: a
 *     {@code Statistics} message after every trade, an {@code ActivityBar} whenever a volume, tick or notional bar
 *     closes, and {@code AnomalyScore}s as {@link KernelConfiguration} describes (an instrument silent for the stale
 *     budget, in tick time, is reported once per episode on the next tick of any instrument).</li>
 * </ul>
 * <b>Clock.</b> The kernel's clock is the latest exchange time of any trade, quote or {@link TickType#TIMER} tick,
 * for all instruments: never the wall clock, so the same tick sequence gives the same outputs, bit for bit. Timer
 * ticks (published by the feed thread, see the engine) move the clock when the market is quiet, so bars close and
 * stale instruments are reported without another trade. When the clock crosses the end of an interval, every
 * instrument's bar of that interval closes, in the order intervals are configured and instruments were first seen.
 * <p>
 * Every output carries the global sequence number of the tick that caused it (a timer tick carries that of the last
 * tick sequenced before it). Processing a tick allocates nothing once the instrument is known (its state is created
 * on first sight, a control-path event).
 * <p>
 * Trades with a non-positive size, or too late for {@link BarConfiguration#maxLatenessNs()} or their VWAP session, are
 * counted and skipped before they touch any state: every output agrees with every other. Latency from frame receipt
 * to kernel done is recorded when a recorder is given.
 */
public final class AnalyticsKernel implements EventHandler<Tick>
{
    private static final Logger LOG = System.getLogger(AnalyticsKernel.class.getName());

    /** Default bar intervals: 1 s and 1 min. */
    public static final long[] DEFAULT_BAR_INTERVALS_NS = { TimeUnit.SECONDS.toNanos(1), TimeUnit.MINUTES.toNanos(1) };
    /** Default session: a UTC day. */
    public static final long DEFAULT_SESSION_LENGTH_NS = TimeUnit.DAYS.toNanos(1);
    /** Highest latency the recorder tracks; longer ones are recorded as this. */
    public static final long MAX_RECORDED_LATENCY_NS = TimeUnit.SECONDS.toNanos(10);

    private static final int SCRATCH_CAPACITY = 256;

    private final Int2ObjectHashMap<InstrumentState> instruments = new Int2ObjectHashMap<>();
    private final long[] barIntervalsNs;
    /** Per interval: when the clock next crosses an interval end, and the open time of the clock's interval. */
    private final long[] nextBarEndNs;
    private final long[] clockOpenNs;
    private final SessionCalendar sessions;
    private final BarConfiguration barConfiguration;
    private final TimeBarFiller filler;
    private final BarOutput barOutput = new BarOutput();
    private final AnalyticsSink sink;
    private final NanoClock clock;
    private final SingleWriterRecorder latency;
    private final KernelConfiguration configuration;
    private final EmitClock emitClock;
    private final OpsPublisher opsPublisher;
    private final long staleCheckIntervalNs;
    private InstrumentState[] withOps = new InstrumentState[0];
    private InstrumentState[] all = new InstrumentState[0];
    private long clockNs = Long.MIN_VALUE;
    /** The latest open time of the clock's intervals: a trade before it is late for some interval. */
    private long lateBeforeNs = Long.MIN_VALUE;
    private long nextStaleCheckNs = Long.MIN_VALUE;

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[SCRATCH_CAPACITY]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final BarEncoder barEncoder = new BarEncoder();
    private final VwapUpdateEncoder vwapEncoder = new VwapUpdateEncoder();

    private final AtomicCounter ticks;
    private final AtomicCounter trades;
    private final AtomicCounter barsClosed;
    private final AtomicCounter invalidTrades;
    private final AtomicCounter lateTrades;
    private final AtomicCounter lateTradesApplied;
    private final AtomicCounter barsRevised;
    private final AtomicCounter barsFilled;
    private final AtomicCounter fillSkipped;
    private final AtomicCounter timers;
    private final AtomicCounter undefinedReturns;
    private final AtomicCounter undefinedInstruments;
    private final AtomicCounter lastGlobalSeq;
    private long lastSeenGlobalSeq;

    /**
     * A kernel publishing only session VWAP and time bars ({@link KernelConfiguration#disabled()}).
     *
     * @param barIntervalsNs  bar intervals, each positive.
     * @param sessionLengthNs length of a VWAP session.
     * @param sessionOffsetNs where sessions start, from the epoch modulo the session length (0: UTC midnight).
     * @param sink            receives encoded outputs.
     * @param clock           for output timestamps and latency.
     * @param latency         receive-to-kernel-done latency, or null not to record (replays of old ticks).
     * @param counters        where the kernel's counters live.
     */
    public AnalyticsKernel(
        final long[] barIntervalsNs,
        final long sessionLengthNs,
        final long sessionOffsetNs,
        final AnalyticsSink sink,
        final NanoClock clock,
        final SingleWriterRecorder latency,
        final Counters counters)
    {
        this(barIntervalsNs, sessionLengthNs, sessionOffsetNs, sink, clock, latency, counters,
            KernelConfiguration.disabled());
    }

    /**
     * @param barIntervalsNs  bar intervals, each positive.
     * @param sessionLengthNs length of a VWAP session.
     * @param sessionOffsetNs where sessions start, from the epoch modulo the session length (0: UTC midnight).
     * @param sink            receives encoded outputs.
     * @param clock           for output timestamps and latency.
     * @param latency         receive-to-kernel-done latency, or null not to record (replays of old ticks).
     * @param counters        where the kernel's counters live.
     * @param configuration   the per-instrument operators and what they publish.
     */
    public AnalyticsKernel(
        final long[] barIntervalsNs,
        final long sessionLengthNs,
        final long sessionOffsetNs,
        final AnalyticsSink sink,
        final NanoClock clock,
        final SingleWriterRecorder latency,
        final Counters counters,
        final KernelConfiguration configuration)
    {
        this(barIntervalsNs, SessionCalendar.fixedLength(sessionLengthNs, sessionOffsetNs), sink, clock, latency,
            counters, configuration, BarConfiguration.defaults());
    }

    /**
     * @param barIntervalsNs   bar intervals, each positive.
     * @param sessions         where VWAP sessions start.
     * @param sink             receives encoded outputs.
     * @param clock            for output timestamps and latency (never for the analytics themselves).
     * @param latency          receive-to-kernel-done latency, or null not to record (replays of old ticks).
     * @param counters         where the kernel's counters live.
     * @param configuration    the per-instrument operators and what they publish.
     * @param barConfiguration how bars close, fill, revise and preview.
     */
    public AnalyticsKernel(
        final long[] barIntervalsNs,
        final SessionCalendar sessions,
        final AnalyticsSink sink,
        final NanoClock clock,
        final SingleWriterRecorder latency,
        final Counters counters,
        final KernelConfiguration configuration,
        final BarConfiguration barConfiguration)
    {
        for (final long interval : barIntervalsNs)
        {
            if (interval <= 0)
            {
                throw new IllegalArgumentException("bar interval must be positive: " + interval);
            }
        }
        for (final long interval : barIntervalsNs)
        {
            barConfiguration.historyBars(interval);
        }
        this.barIntervalsNs = barIntervalsNs.clone();
        nextBarEndNs = new long[barIntervalsNs.length];
        Arrays.fill(nextBarEndNs, Long.MIN_VALUE);
        clockOpenNs = new long[barIntervalsNs.length];
        Arrays.fill(clockOpenNs, Long.MIN_VALUE);
        this.sessions = sessions;
        this.barConfiguration = barConfiguration;
        filler = barConfiguration.maxFillBars() > 0 ? new TimeBarFiller(barConfiguration.maxFillBars()) : null;
        this.sink = sink;
        this.clock = clock;
        this.latency = latency;
        this.configuration = configuration;
        emitClock = new EmitClock(clock);
        opsPublisher = new OpsPublisher(sink, emitClock);
        // Checking every instrument on every tick would cost O(instruments) per tick: a few times per budget is
        // enough to report a silence within a quarter budget of its start.
        staleCheckIntervalNs = Math.max(1, configuration.staleBudgetNs() / 4);
        if (configuration.enabled())
        {
            // Fail here, not on an instrument's first tick, if the ensemble weights are unusable.
            new EnsembleScore(
                configuration.ensembleWeights(), InstrumentOps.ENSEMBLE_SCALES,
                EnsembleScore.Mapping.RATIONAL);
        }
        ticks = counters.newCounter("kernel.ticks");
        trades = counters.newCounter("kernel.trades");
        barsClosed = counters.newCounter("kernel.bars_closed");
        invalidTrades = counters.newCounter("kernel.invalid_trades");
        lateTrades = counters.newCounter("kernel.late_trades");
        lateTradesApplied = counters.newCounter("kernel.late_trades_applied");
        barsRevised = counters.newCounter("kernel.bars_revised");
        barsFilled = counters.newCounter("kernel.bars_filled");
        fillSkipped = counters.newCounter("kernel.fill_intervals_skipped");
        timers = counters.newCounter("kernel.timers");
        undefinedReturns = counters.newCounter("kernel.undefined_log_returns");
        undefinedInstruments = counters.newCounter("kernel.ticks_before_definition");
        lastGlobalSeq = counters.newCounter("kernel.last_global_seq");
    }

    @Override
    public void onEvent(final Tick tick, final long sequence, final boolean endOfBatch)
    {
        onTick(tick);
    }

    /**
     * Process one tick (the ring calls this through {@link #onEvent}; replays and benchmarks call it directly).
     *
     * @param tick in global sequence order.
     */
    public void onTick(final Tick tick)
    {
        emitClock.reset();
        switch (tick.type)
        {
            case TickType.TRADE:
                onTrade(tick);
                break;

            case TickType.QUOTE:
                onQuote(tick);
                break;

            case TickType.INSTRUMENT:
                onInstrument(tick);
                break;

            case TickType.TIMER:
                timers.incrementRelease();
                advanceClock(tick.exchangeTimeNs, tick.globalSeq);
                break;

            default:
                break;
        }
        if (clockNs >= nextStaleCheckNs && withOps.length > 0)
        {
            checkStale(tick);
        }
        sink.onTickDone(tick);
        ticks.incrementRelease();
        lastSeenGlobalSeq = tick.globalSeq;
        lastGlobalSeq.setRelease(tick.globalSeq);
        if (null != latency)
        {
            latency.recordValue(Math.max(0, Math.min(clock.nanoTime() - tick.receiveNs, MAX_RECORDED_LATENCY_NS)));
        }
    }

    @Override
    public void onShutdown()
    {
        publishOpenBars();
    }

    /**
     * Publish every bar still open as an in-progress snapshot (at shutdown or end of a replay).
     */
    public void publishOpenBars()
    {
        emitClock.reset();
        for (final InstrumentState state : all)
        {
            for (final BarSeries series : state.bars)
            {
                if (null != series.open)
                {
                    publishBar(state, series.open, lastSeenGlobalSeq, false);
                }
            }
        }
    }

    /**
     * @return the kernel's clock: the latest exchange time of any trade, quote or timer seen (Long.MIN_VALUE before).
     */
    public long clockNs()
    {
        return clockNs;
    }

    /**
     * Move the clock forward (never back) and close, and fill, every bar whose interval it has left.
     */
    private void advanceClock(final long timeNs, final long globalSeq)
    {
        if (timeNs <= clockNs)
        {
            return;
        }
        clockNs = timeNs;
        final long[] nextEndNs = this.nextBarEndNs;
        for (int k = 0; k < nextEndNs.length; k++)
        {
            if (timeNs >= nextEndNs[k])
            {
                onIntervalEnd(k, timeNs, globalSeq);
            }
        }
    }

    private void onIntervalEnd(final int k, final long timeNs, final long globalSeq)
    {
        final long intervalNs = barIntervalsNs[k];
        final long openNs = timeNs - Math.floorMod(timeNs, intervalNs);
        clockOpenNs[k] = openNs;
        lateBeforeNs = Math.max(lateBeforeNs, openNs);
        final long endNs = openNs + intervalNs;
        nextBarEndNs[k] = endNs < openNs ? Long.MAX_VALUE : endNs;
        for (final InstrumentState state : all)
        {
            state.bars[k].onClock(openNs, filler, globalSeq, barOutput);
        }
    }

    private void onInstrument(final Tick tick)
    {
        final InstrumentState state = state(tick);
        state.defined = true;
        state.priceExponent = tick.priceExponent;
    }

    private void onQuote(final Tick tick)
    {
        final InstrumentState state = definedState(tick);
        advanceClock(tick.exchangeTimeNs, tick.globalSeq);
        state.bidPriceMantissa = tick.bidPriceMantissa;
        state.bidSize = tick.bidSize;
        state.askPriceMantissa = tick.askPriceMantissa;
        state.askSize = tick.askSize;
        final InstrumentOps ops = state.ops;
        if (null != ops)
        {
            final QuoteCondition condition = ops.onQuote(
                tick.exchangeTimeNs, tick.bidPriceMantissa, tick.bidSize, tick.askPriceMantissa, tick.askSize);
            opsPublisher.cause(tick, state);
            opsPublisher.publishQuoteScores(
                ops, condition == QuoteCondition.CROSSED, condition == QuoteCondition.LOCKED);
        }
    }

    private void onTrade(final Tick tick)
    {
        if (tick.size <= 0)
        {
            invalidTrades.incrementRelease();
            return;
        }
        final InstrumentState state = definedState(tick);
        final long timeNs = tick.exchangeTimeNs;
        advanceClock(timeNs, tick.globalSeq);
        final long sessionStartNs = sessions.sessionStart(timeNs);
        // Late: in an interval the clock has closed, for some bar interval; the clock's intervals are aligned, so that is
        // a time before the latest of their open times.
        final boolean late = timeNs < lateBeforeNs;
        if (sessionStartNs < state.sessionStartNs || (late && isTooLate(timeNs)))
        {
            // Its session is already over for this instrument, or its bars are beyond revision: applying it anywhere
            // would make outputs disagree with each other.
            onTooLate(tick);
            return;
        }
        trades.incrementRelease();
        if (late)
        {
            lateTradesApplied.incrementRelease();
        }

        final long price = tick.priceMantissa;
        final long size = tick.size;
        final BarSeries[] bars = state.bars;
        for (int k = 0; k < bars.length; k++)
        {
            final BarSeries series = bars[k];
            final long clockOpenNs = this.clockOpenNs[k];
            if (timeNs >= clockOpenNs)
            {
                final BarState bar = series.onCurrentTrade(clockOpenNs, price, size, timeNs);
                if (progressDue(bar))
                {
                    publishBar(state, bar, tick.globalSeq, false);
                }
            }
            else
            {
                final long openNs = timeNs - Math.floorMod(timeNs, series.intervalNs);
                series.onLateTrade(null != filler, openNs, price, size, timeNs, tick.globalSeq, barOutput);
            }
        }

        if (sessionStartNs > state.sessionStartNs)
        {
            state.resetSession(sessionStartNs);
        }
        state.sessionNotional.addProduct(price, size);
        state.sessionVolume += size;
        state.sessionTradeCount++;
        state.lastPriceMantissa = price;
        state.lastTradeNs = timeNs;
        publishVwap(state, tick);

        final InstrumentOps ops = state.ops;
        if (null != ops)
        {
            // Rolling windows only move forward: a trade older than the instrument's latest enters them as of then.
            final long opsTimeNs = Math.max(timeNs, state.opsTimeNs);
            state.opsTimeNs = opsTimeNs;
            opsPublisher.cause(tick, state);
            if (ops.onTrade(opsTimeNs, price, size))
            {
                undefinedReturns.incrementRelease();
            }
            opsPublisher.publishStatistics(ops);
            opsPublisher.publishTradeScores(ops);
        }
    }

    private boolean progressDue(final BarState bar)
    {
        final long intervalNs = barConfiguration.progressIntervalNs();
        if (intervalNs > 0 && clockNs >= bar.nextProgressNs)
        {
            final long nextNs = clockNs + intervalNs;
            bar.nextProgressNs = nextNs < clockNs ? Long.MAX_VALUE : nextNs;
            return true;
        }
        return false;
    }

    private boolean isTooLate(final long timeNs)
    {
        // clockNs > timeNs here, so the difference is exact as an unsigned number.
        return Long.compareUnsigned(clockNs - timeNs, barConfiguration.maxLatenessNs()) > 0;
    }

    private void onTooLate(final Tick tick)
    {
        final long count = lateTrades.incrementRelease() + 1;
        if (Long.bitCount(count) == 1)
        {
            // Logged at the 1st, 2nd, 4th, 8th... so a flood of late trades cannot flood the log.
            LOG.log(Level.WARNING, "trade too late, skipped (late trades so far: {0}): instrument {1} time {2} is " +
                "{3} ns behind the kernel clock {4} (max lateness {5} ns, or its VWAP session has ended)",
                count, tick.instrumentId, tick.exchangeTimeNs, clockNs - tick.exchangeTimeNs, clockNs,
                barConfiguration.maxLatenessNs());
        }
    }

    private void checkStale(final Tick tick)
    {
        final long nowNs = clockNs;
        nextStaleCheckNs = nowNs + staleCheckIntervalNs;
        for (final InstrumentState state : withOps)
        {
            if (state.ops.stale.poll(nowNs))
            {
                opsPublisher.cause(tick, state);
                opsPublisher.publishStale(state.ops, nowNs);
            }
        }
    }

    private InstrumentState state(final Tick tick)
    {
        final int instrumentId = tick.instrumentId;
        InstrumentState state = instruments.get(instrumentId);
        if (null == state)
        {
            state = new InstrumentState(instrumentId, barIntervalsNs, barConfiguration);
            if (configuration.enabled())
            {
                // Control path: an instrument's first tick allocates all of its operators, sized by configuration.
                final long tickSize = tick.type == TickType.INSTRUMENT ? tick.tickSizeMantissa : 1;
                state.ops = new InstrumentOps(instrumentId, configuration, tickSize, opsPublisher);
                withOps = Arrays.copyOf(withOps, withOps.length + 1);
                withOps[withOps.length - 1] = state;
            }
            instruments.put(instrumentId, state);
            all = Arrays.copyOf(all, all.length + 1);
            all[all.length - 1] = state;
        }
        return state;
    }

    private InstrumentState definedState(final Tick tick)
    {
        final InstrumentState state = state(tick);
        if (!state.defined)
        {
            // No definition seen yet: prices are kept as mantissas with exponent 0 until one arrives.
            undefinedInstruments.incrementRelease();
        }
        return state;
    }

    private void publishVwap(final InstrumentState state, final Tick tick)
    {
        vwapEncoder.wrapAndApplyHeader(scratch, 0, headerEncoder);
        TickCodec.envelope(vwapEncoder.envelope(), tick, emitClock.emittedNs());
        vwapEncoder
            .instrumentId(state.instrumentId & 0xFFFF_FFFFL)
            .sessionStartNs(state.sessionStartNs)
            .vwap(state.sessionVwap())
            .volume(state.sessionVolume)
            .tradeCount(state.sessionTradeCount)
            .lastPriceMantissa(state.lastPriceMantissa)
            .priceExponent((byte)state.priceExponent);
        sink.onAnalytics(scratch, 0, MessageHeaderEncoder.ENCODED_LENGTH + vwapEncoder.encodedLength());
    }

    private void publishBar(final InstrumentState state, final BarState bar, final long globalSeq, final boolean closed)
    {
        barEncoder.wrapAndApplyHeader(scratch, 0, headerEncoder);
        barEncoder.envelope()
            .globalSeq(globalSeq)
            .channelId(0)
            .lineSeq(0)
            .receiveNs(0)
            .sequencedNs(0)
            .emittedNs(emitClock.emittedNs());
        barEncoder
            .instrumentId(state.instrumentId & 0xFFFF_FFFFL)
            .intervalNs(bar.intervalNs)
            .openTimeNs(bar.openTimeNs)
            .openMantissa(bar.openMantissa)
            .highMantissa(bar.highMantissa)
            .lowMantissa(bar.lowMantissa)
            .closeMantissa(bar.closeMantissa)
            .volume(bar.volume)
            .tradeCount(bar.tradeCount)
            .vwap(bar.vwap())
            .firstTradeNs(bar.firstTradeNs)
            .lastTradeNs(bar.lastTradeNs)
            .priceExponent((byte)state.priceExponent)
            .revision(bar.revision)
            .closed(closed ? BooleanType.TRUE : BooleanType.FALSE);
        sink.onAnalytics(scratch, 0, MessageHeaderEncoder.ENCODED_LENGTH + barEncoder.encodedLength());
    }

    /**
     * Bars of {@link BarSeries} go out through the kernel's encoder and counters.
     */
    private final class BarOutput implements BarSeries.Output
    {
        @Override
        public void publishBar(
            final InstrumentState state, final BarState bar, final long globalSeq, final boolean closed)
        {
            AnalyticsKernel.this.publishBar(state, bar, globalSeq, closed);
        }

        @Override
        public void onBarClosed()
        {
            barsClosed.incrementRelease();
        }

        @Override
        public void onBarFilled()
        {
            barsFilled.incrementRelease();
        }

        @Override
        public void onFillSkipped(final long intervals)
        {
            fillSkipped.getAndAddRelease(intervals);
        }

        @Override
        public void onBarRevised()
        {
            barsRevised.incrementRelease();
        }
    }
}
