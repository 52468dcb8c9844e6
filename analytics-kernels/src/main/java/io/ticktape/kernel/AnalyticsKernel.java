package io.ticktape.kernel;

import com.lmax.disruptor.EventHandler;
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

import java.util.concurrent.TimeUnit;

/**
 * The single writer of all analytics state. Consumes the ring in global sequence order and, per instrument:
 * <ul>
 *     <li>session VWAP (exact 128-bit notional), published as a {@code VwapUpdate} after every trade;</li>
 *     <li>time bars for each configured interval, aligned to the epoch (so 1 min bars open on the minute), driven
 *     by trade time and published as a closed {@code Bar} when a trade opens the next interval; open bars are
 *     published as in-progress snapshots when the kernel shuts down.</li>
 * </ul>
 * Every output carries the global sequence number of the tick that caused it. Processing a tick allocates nothing
 * once the instrument is known (its state is created on first sight, a control-path event).
 * <p>
 * Trades with a non-positive size, or older than the bar or session they would belong to, are counted and skipped
 * before they touch any state: bars never move backwards and every output agrees with every other. Latency from frame receipt to kernel done is recorded when a recorder is given.
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
    private long emittedNs;

    /**
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
        emittedNs = 0;
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
        emittedNs = 0;
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
        final InstrumentState state = state(tick.instrumentId);
        state.defined = true;
        state.priceExponent = tick.priceExponent;
    }

    private void onQuote(final Tick tick)
    {
        final InstrumentState state = definedState(tick.instrumentId);
        state.bidPriceMantissa = tick.bidPriceMantissa;
        state.bidSize = tick.bidSize;
        state.askPriceMantissa = tick.askPriceMantissa;
        state.askSize = tick.askSize;
    }

    private void onTrade(final Tick tick)
    {
        if (tick.size <= 0)
        {
            invalidTrades.incrementRelease();
            return;
        }
        final InstrumentState state = definedState(tick.instrumentId);
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
        state.sessionNotional.add(price, size);
        state.sessionVolume += size;
        state.sessionTradeCount++;
        state.lastPriceMantissa = price;
        state.lastTradeNs = timeNs;
        publishVwap(state, tick);
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

    private InstrumentState state(final int instrumentId)
    {
        InstrumentState state = instruments.get(instrumentId);
        if (null == state)
        {
            state = new InstrumentState(instrumentId, barIntervalsNs);
            instruments.put(instrumentId, state);
        }
        return state;
    }

    private InstrumentState definedState(final int instrumentId)
    {
        final InstrumentState state = state(instrumentId);
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
        TickCodec.envelope(vwapEncoder.envelope(), tick, emittedNs());
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
            .emittedNs(emittedNs());
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

    private long emittedNs()
    {
        // One clock read per tick for all its outputs: a trade that closes two bars still costs one read.
        if (0 == emittedNs)
        {
            emittedNs = clock.nanoTime();
        }
        return emittedNs;
    }
}
