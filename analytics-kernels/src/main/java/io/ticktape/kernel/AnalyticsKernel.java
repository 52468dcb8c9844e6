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

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The single writer of all analytics state. Consumes the ring in global sequence order and, per instrument:
 * <ul>
 *     <li>session VWAP (exact 128-bit notional), published as a {@code VwapUpdate} after every trade;</li>
 *     <li>time bars for each configured interval, aligned to the epoch (so 1 min bars open on the minute), driven
 *     by trade time and published as a closed {@code Bar} when a trade opens the next interval; open bars are
 *     published as in-progress snapshots when the kernel shuts down.</li>
 *     <li>when {@link KernelConfiguration#enabled()}, the streaming operators of {@link InstrumentOps}: a
 *     {@code Statistics} message after every trade, an {@code ActivityBar} whenever a volume, tick or notional bar
 *     closes, and {@code AnomalyScore}s as {@link KernelConfiguration} describes (an instrument silent for the stale
 *     budget, in tick time, is reported once per episode on the next tick of any instrument).</li>
 * </ul>
 * Every output carries the global sequence number of the tick that caused it. Processing a tick allocates nothing
 * once the instrument is known (its state is created on first sight, a control-path event).
 * <p>
 * Trades with a non-positive size, or older than the bar or session they would belong to, are counted and skipped
 * before they touch any state: bars never move backwards and every output agrees with every other. Latency from
 * frame receipt to kernel done is recorded when a recorder is given.
 */
public final class AnalyticsKernel implements EventHandler<Tick>
{
    /** Default bar intervals: 1 s and 1 min. */
    public static final long[] DEFAULT_BAR_INTERVALS_NS = { TimeUnit.SECONDS.toNanos(1), TimeUnit.MINUTES.toNanos(1) };
    /** Default session: a UTC day. */
    public static final long DEFAULT_SESSION_LENGTH_NS = TimeUnit.DAYS.toNanos(1);
    /** Highest latency the recorder tracks; longer ones are recorded as this. */
    public static final long MAX_RECORDED_LATENCY_NS = TimeUnit.SECONDS.toNanos(10);

    private static final int SCRATCH_CAPACITY = 256;

    private final Int2ObjectHashMap<InstrumentState> instruments = new Int2ObjectHashMap<>();
    private final long[] barIntervalsNs;
    private final long sessionLengthNs;
    private final long sessionOffsetNs;
    private final AnalyticsSink sink;
    private final NanoClock clock;
    private final SingleWriterRecorder latency;
    private final KernelConfiguration configuration;
    private final EmitClock emitClock;
    private final OpsPublisher opsPublisher;
    private final long staleCheckIntervalNs;
    private InstrumentState[] withOps = new InstrumentState[0];
    private long latestTimeNs = Long.MIN_VALUE;
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
        for (final long interval : barIntervalsNs)
        {
            if (interval <= 0)
            {
                throw new IllegalArgumentException("bar interval must be positive: " + interval);
            }
        }
        if (sessionLengthNs <= 0)
        {
            throw new IllegalArgumentException("session length must be positive: " + sessionLengthNs);
        }
        this.barIntervalsNs = barIntervalsNs.clone();
        this.sessionLengthNs = sessionLengthNs;
        this.sessionOffsetNs = sessionOffsetNs;
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

            default:
                break;
        }
        if (latestTimeNs >= nextStaleCheckNs && withOps.length > 0)
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
        for (final InstrumentState state : instruments.values())
        {
            for (final BarState bar : state.bars)
            {
                if (bar.open)
                {
                    publishBar(state, bar, lastSeenGlobalSeq, false);
                }
            }
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
        state.bidPriceMantissa = tick.bidPriceMantissa;
        state.bidSize = tick.bidSize;
        state.askPriceMantissa = tick.askPriceMantissa;
        state.askSize = tick.askSize;
        final InstrumentOps ops = state.ops;
        if (null != ops)
        {
            latestTimeNs = Math.max(latestTimeNs, tick.exchangeTimeNs);
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
        final long sessionStartNs = sessionStart(timeNs);
        if (sessionStartNs < state.sessionStartNs || isLateForAnyBar(state.bars, timeNs))
        {
            // Its session or one of its bars is already published: applying it anywhere would make bars move
            // backwards or disagree with each other. Re-emission with revisions is the kernel's next step.
            lateTrades.incrementRelease();
            return;
        }
        trades.incrementRelease();

        final long price = tick.priceMantissa;
        final long size = tick.size;
        final BarState[] bars = state.bars;
        for (final BarState bar : bars)
        {
            final long openTimeNs = bar.alignedOpen(timeNs);
            if (!bar.open)
            {
                bar.start(openTimeNs, price, size, timeNs);
            }
            else if (openTimeNs == bar.openTimeNs)
            {
                bar.update(price, size, timeNs);
            }
            else
            {
                publishBar(state, bar, tick.globalSeq, true);
                barsClosed.incrementRelease();
                bar.start(openTimeNs, price, size, timeNs);
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
            latestTimeNs = Math.max(latestTimeNs, timeNs);
            opsPublisher.cause(tick, state);
            ops.onTrade(timeNs, price, size);
            opsPublisher.publishStatistics(ops);
            opsPublisher.publishTradeScores(ops);
        }
    }

    private void checkStale(final Tick tick)
    {
        final long nowNs = latestTimeNs;
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

    private static boolean isLateForAnyBar(final BarState[] bars, final long timeNs)
    {
        for (final BarState bar : bars)
        {
            if (bar.open && bar.alignedOpen(timeNs) < bar.openTimeNs)
            {
                return true;
            }
        }
        return false;
    }

    private long sessionStart(final long timeNs)
    {
        return timeNs - Math.floorMod(timeNs - sessionOffsetNs, sessionLengthNs);
    }

    private InstrumentState state(final Tick tick)
    {
        final int instrumentId = tick.instrumentId;
        InstrumentState state = instruments.get(instrumentId);
        if (null == state)
        {
            state = new InstrumentState(instrumentId, barIntervalsNs);
            if (configuration.enabled())
            {
                // Control path: an instrument's first tick allocates all of its operators, sized by configuration.
                final long tickSize = tick.type == TickType.INSTRUMENT ? tick.tickSizeMantissa : 1;
                state.ops = new InstrumentOps(instrumentId, configuration, tickSize, opsPublisher);
                withOps = Arrays.copyOf(withOps, withOps.length + 1);
                withOps[withOps.length - 1] = state;
            }
            instruments.put(instrumentId, state);
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
            .revision(0)
            .closed(closed ? BooleanType.TRUE : BooleanType.FALSE);
        sink.onAnalytics(scratch, 0, MessageHeaderEncoder.ENCODED_LENGTH + barEncoder.encodedLength());
    }
}
