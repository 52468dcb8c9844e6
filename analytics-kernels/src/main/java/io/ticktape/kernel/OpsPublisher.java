package io.ticktape.kernel;

import io.ticktape.kernel.ops.ActivityBar;
import io.ticktape.kernel.ops.ActivityBarListener;
import io.ticktape.kernel.ops.HampelScore;
import io.ticktape.kernel.ops.RollingWindowStats;
import io.ticktape.kernel.ops.SpreadBlowout;
import io.ticktape.kernel.ops.VolumeSpike;
import io.ticktape.protocol.sbe.ActivityBarEncoder;
import io.ticktape.protocol.sbe.ActivityKind;
import io.ticktape.protocol.sbe.AnomalyKind;
import io.ticktape.protocol.sbe.AnomalyScoreEncoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.StatisticsEncoder;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes what the per-instrument operators produce ({@code Statistics}, {@code ActivityBar}, {@code AnomalyScore})
 * into one reused buffer and hands it to the sink. Every message carries the envelope of the tick that caused it.
 * <p>
 * It is also the activity-bar listener of every instrument: bars close inside {@link InstrumentOps#onTrade}, so the
 * kernel names the causing tick and instrument with {@link #cause} first, and the listener stays one object bound at
 * construction rather than a lambda per instrument.
 */
final class OpsPublisher implements ActivityBarListener
{
    private static final int SCRATCH_CAPACITY = 1024;

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[SCRATCH_CAPACITY]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final StatisticsEncoder statisticsEncoder = new StatisticsEncoder();
    private final ActivityBarEncoder activityBarEncoder = new ActivityBarEncoder();
    private final AnomalyScoreEncoder anomalyEncoder = new AnomalyScoreEncoder();
    private final AnalyticsSink sink;
    private final EmitClock clock;
    private Tick tick;
    private InstrumentState state;

    OpsPublisher(final AnalyticsSink sink, final EmitClock clock)
    {
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Name the tick and instrument that the following outputs come from.
     */
    void cause(final Tick tick, final InstrumentState state)
    {
        this.tick = tick;
        this.state = state;
    }

    @Override
    public void onBar(final ActivityBar bar)
    {
        activityBarEncoder.wrapAndApplyHeader(scratch, 0, headerEncoder);
        TickCodec.envelope(activityBarEncoder.envelope(), tick, clock.emittedNs());
        activityBarEncoder
            .instrumentId(state.instrumentId & 0xFFFF_FFFFL)
            .kind(kind(bar))
            .threshold(bar.threshold())
            .sequence(bar.sequence())
            .openMantissa(bar.openMantissa())
            .highMantissa(bar.highMantissa())
            .lowMantissa(bar.lowMantissa())
            .closeMantissa(bar.closeMantissa())
            .volume(bar.volume())
            .tradeCount(bar.tradeCount())
            .vwap(bar.vwap())
            .firstTradeNs(bar.firstTimeNs())
            .lastTradeNs(bar.lastTimeNs())
            .priceExponent((byte)state.priceExponent);
        sink.onAnalytics(scratch, 0, MessageHeaderEncoder.ENCODED_LENGTH + activityBarEncoder.encodedLength());
    }

    private static ActivityKind kind(final ActivityBar bar)
    {
        switch (bar.kind())
        {
            case VOLUME:
                return ActivityKind.VOLUME;
            case TICK:
                return ActivityKind.TICK;
            default:
                return ActivityKind.NOTIONAL;
        }
    }

    /**
     * Publish the statistics after a trade.
     */
    void publishStatistics(final InstrumentOps ops)
    {
        final StatisticsEncoder encoder = statisticsEncoder;
        encoder.wrapAndApplyHeader(scratch, 0, headerEncoder);
        TickCodec.envelope(encoder.envelope(), tick, clock.emittedNs());
        encoder
            .instrumentId(state.instrumentId & 0xFFFF_FFFFL)
            .exchangeTimeNs(tick.exchangeTimeNs)
            .priceExponent((byte)state.priceExponent)
            .lastLogReturn(ops.lastLogReturn)
            .ewmaMean(ops.ewma.mean())
            .ewmaVariance(ops.ewma.variance())
            .ewmaVolatility(ops.ewma.volatility())
            .realizedVolatility(ops.realizedVolatility.volatility())
            .realizedVolWindowNs(ops.config.realizedVolWindowNs())
            .rollingVwap(ops.rollingVwap.vwap())
            .rollingVwapWindowNs(ops.config.rollingVwapWindowNs())
            .rollingVolume(ops.rollingVwap.volume())
            .statsWindowNs(ops.config.statsWindowNs())
            .sizeMean(ops.sizeStats.mean())
            .sizeStdDev(ops.sizeStats.stdDev())
            .returnCount(ops.returnStats.count())
            .returnMean(ops.returnStats.mean())
            .returnStdDev(ops.returnStats.stdDev())
            .midMean(ops.twiceMidStats.mean() / 2)
            .spreadMean(ops.spreadStats.mean())
            .countWindowTrades(ops.priceCount.count())
            .countWindowPriceMean(ops.priceCount.mean())
            .countWindowPriceStdDev(ops.priceCount.stdDev())
            .ensembleScore(ops.ensemble.score());
        final RollingWindowStats[] windows = ops.priceWindows;
        final StatisticsEncoder.PriceWindowsEncoder group = encoder.priceWindowsCount(windows.length);
        for (final RollingWindowStats window : windows)
        {
            group.next()
                .windowNs(window.windowNs())
                .sampleCount(window.count())
                .mean(window.mean())
                .stdDev(window.stdDev())
                .minMantissa(window.min())
                .maxMantissa(window.max());
        }
        sink.onAnalytics(scratch, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /**
     * Publish the trade-driven component scores that reach their thresholds, then the ensemble if it reaches its own.
     */
    void publishTradeScores(final InstrumentOps ops)
    {
        final KernelConfiguration config = ops.config;
        final double z = ops.lastZScore;
        if (Math.abs(z) >= config.zScoreThreshold())
        {
            publishAnomaly(AnomalyKind.RETURN_ZSCORE, z, ops.zScore.logReturn(), config.zScoreThreshold(),
                Math.sqrt(ops.zScore.varianceBefore()));
        }
        final HampelScore hampel = ops.hampel;
        if (hampel.score() >= config.hampelThreshold())
        {
            publishAnomaly(AnomalyKind.HAMPEL, hampel.score(), hampel.value(), config.hampelThreshold(),
                hampel.median());
        }
        final VolumeSpike spike = ops.volumeSpike;
        if (spike.score() >= config.volumeSpikeThreshold())
        {
            publishAnomaly(AnomalyKind.VOLUME_SPIKE, spike.score(), spike.size(), config.volumeSpikeThreshold(),
                spike.baselineMean());
        }
        final double ensemble = ops.ensemble.score();
        if (ensemble >= config.ensembleThreshold())
        {
            publishAnomaly(AnomalyKind.ENSEMBLE, ensemble, ensemble, config.ensembleThreshold(), Double.NaN);
        }
    }

    /**
     * Publish the quote-driven scores: a crossed or locked quote always, a spread blow-out reaching its threshold.
     */
    void publishQuoteScores(final InstrumentOps ops, final boolean crossed, final boolean locked)
    {
        final long timeNs = tick.exchangeTimeNs;
        if (crossed || locked)
        {
            // value: the spread (zero or negative); baseline: how long the condition has lasted, in ns.
            publishAnomaly(crossed ? AnomalyKind.CROSSED_QUOTE : AnomalyKind.LOCKED_QUOTE, ops.quoteState.score(),
                ops.quoteState.ask() - ops.quoteState.bid(), crossed ? 2 : 1,
                timeNs - ops.quoteState.sinceNs());
        }
        final SpreadBlowout blowout = ops.spreadBlowout;
        if (blowout.score() >= ops.config.spreadBlowoutThreshold())
        {
            publishAnomaly(AnomalyKind.SPREAD_BLOWOUT, blowout.score(), blowout.spreadMantissa(),
                ops.config.spreadBlowoutThreshold(), blowout.medianSpread());
        }
    }

    /**
     * Publish a stale instrument: value is the silence and baseline the budget, in ns.
     */
    void publishStale(final InstrumentOps ops, final long nowNs)
    {
        publishAnomaly(AnomalyKind.STALE, ops.stale.score(nowNs), ops.stale.silenceNs(nowNs), 1.0,
            ops.stale.budgetNs());
    }

    private void publishAnomaly(
        final AnomalyKind kind, final double score, final double value, final double threshold, final double baseline)
    {
        anomalyEncoder.wrapAndApplyHeader(scratch, 0, headerEncoder);
        TickCodec.envelope(anomalyEncoder.envelope(), tick, clock.emittedNs());
        anomalyEncoder
            .instrumentId(state.instrumentId & 0xFFFF_FFFFL)
            .kind(kind)
            .score(score)
            .value(value)
            .threshold(threshold)
            .baseline(baseline);
        sink.onAnalytics(scratch, 0, MessageHeaderEncoder.ENCODED_LENGTH + anomalyEncoder.encodedLength());
    }
}
