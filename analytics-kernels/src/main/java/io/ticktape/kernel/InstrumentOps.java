package io.ticktape.kernel;

import io.ticktape.kernel.ops.ActivityBarKind;
import io.ticktape.kernel.ops.ActivityBarListener;
import io.ticktape.kernel.ops.ActivityBars;
import io.ticktape.kernel.ops.EnsembleScore;
import io.ticktape.kernel.ops.Ewma;
import io.ticktape.kernel.ops.HampelScore;
import io.ticktape.kernel.ops.LogReturn;
import io.ticktape.kernel.ops.QuoteCondition;
import io.ticktape.kernel.ops.QuoteState;
import io.ticktape.kernel.ops.RealizedVolatility;
import io.ticktape.kernel.ops.ReturnZScore;
import io.ticktape.kernel.ops.RollingCountStats;
import io.ticktape.kernel.ops.RollingVwap;
import io.ticktape.kernel.ops.RollingWindowDoubleStats;
import io.ticktape.kernel.ops.RollingWindowStats;
import io.ticktape.kernel.ops.SpreadBlowout;
import io.ticktape.kernel.ops.StaleDetector;
import io.ticktape.kernel.ops.VolumeSpike;

/**
 * One instrument's streaming operators, created on its first tick (a control-path event) and updated by the kernel
 * thread on every accepted trade and quote, allocation-free.
 * <pre>
 *   trade -> LogReturn -> ReturnZScore (scored before the EWMA includes it), Ewma, RealizedVolatility,
 *                         rolling log-return stats
 *         -> rolling price stats (each time window, and the count window), rolling size stats
 *         -> RollingVwap, ActivityBars (volume, tick, notional), HampelScore, VolumeSpike, StaleDetector
 *   quote -> rolling mid (as bid + ask) and spread stats, SpreadBlowout, QuoteState, StaleDetector
 *   both  -> EnsembleScore components
 * </pre>
 */
final class InstrumentOps
{
    /** Ensemble component: return z-score. */
    static final int Z_SCORE = 0;
    /** Ensemble component: Hampel score. */
    static final int HAMPEL = 1;
    /** Ensemble component: volume spike. */
    static final int VOLUME_SPIKE = 2;
    /** Ensemble component: spread blow-out. */
    static final int SPREAD_BLOWOUT = 3;
    /** Ensemble component: quote condition (0 normal, 1 locked, 2 crossed). */
    static final int QUOTE = 4;
    /** Ensemble component: staleness before the latest update (silence / budget). */
    static final int STALE = 5;
    /** Raw score mapping to one half in the ensemble, per component: the publication thresholds' scale. */
    static final double[] ENSEMBLE_SCALES = { 3, 3, 5, 5, 1, 1 };

    final int instrumentId;
    final KernelConfiguration config;
    final RollingWindowStats[] priceWindows;
    final RollingCountStats priceCount;
    final RollingWindowStats sizeStats;
    final RollingWindowDoubleStats returnStats;
    final RollingWindowStats twiceMidStats;
    final RollingWindowStats spreadStats;
    final LogReturn logReturn = new LogReturn();
    final ReturnZScore zScore;
    final Ewma ewma;
    final RealizedVolatility realizedVolatility;
    final RollingVwap rollingVwap;
    final ActivityBars[] activityBars;
    final HampelScore hampel;
    final VolumeSpike volumeSpike;
    final SpreadBlowout spreadBlowout;
    final QuoteState quoteState = new QuoteState();
    final StaleDetector stale;
    final EnsembleScore ensemble;

    double lastLogReturn = Double.NaN;
    double lastZScore = Double.NaN;

    InstrumentOps(
        final int instrumentId,
        final KernelConfiguration config,
        final long tickSizeMantissa,
        final ActivityBarListener barListener)
    {
        this.instrumentId = instrumentId;
        this.config = config;
        final int capacity = config.windowCapacity();
        final long[] windowsNs = config.priceWindowsNs();
        priceWindows = new RollingWindowStats[windowsNs.length];
        for (int i = 0; i < windowsNs.length; i++)
        {
            priceWindows[i] = new RollingWindowStats(windowsNs[i], capacity);
        }
        priceCount = new RollingCountStats(config.countWindow());
        // Only what the Statistics message publishes is kept: size mean and deviation, mid and spread means.
        sizeStats = new RollingWindowStats(config.statsWindowNs(), capacity, false, true);
        returnStats = new RollingWindowDoubleStats(config.statsWindowNs(), capacity);
        twiceMidStats = new RollingWindowStats(config.statsWindowNs(), capacity, false, false);
        spreadStats = new RollingWindowStats(config.statsWindowNs(), capacity, false, false);
        // Zero seed: nothing is assumed about an instrument before its own returns; the warm-up guards the z-score.
        zScore = new ReturnZScore(config.ewmaLambda(), 0.0, 0.0);
        ewma = new Ewma(config.ewmaLambda(), 0.0, 0.0);
        realizedVolatility = new RealizedVolatility(config.realizedVolWindowNs(), capacity);
        rollingVwap = new RollingVwap(config.rollingVwapWindowNs(), capacity);
        activityBars = activityBars(config, barListener);
        final long tick = Math.max(1, tickSizeMantissa);
        hampel = new HampelScore(config.hampelWindow(),
            Math.min(HampelScore.MAX_ABS_VALUE, config.hampelMinMadTicks() * tick));
        volumeSpike = new VolumeSpike(config.volumeSpikeWindowNs(), capacity);
        spreadBlowout = new SpreadBlowout(config.spreadMedianWindow());
        stale = new StaleDetector(config.staleBudgetNs());
        ensemble = new EnsembleScore(config.ensembleWeights(), ENSEMBLE_SCALES, EnsembleScore.Mapping.RATIONAL);
    }

    private static ActivityBars[] activityBars(final KernelConfiguration config, final ActivityBarListener listener)
    {
        final int count = (config.volumeBarThreshold() > 0 ? 1 : 0) + (config.tickBarThreshold() > 0 ? 1 : 0) +
            (config.notionalBarThreshold() > 0 ? 1 : 0);
        final ActivityBars[] bars = new ActivityBars[count];
        int i = 0;
        if (config.volumeBarThreshold() > 0)
        {
            bars[i++] = new ActivityBars(ActivityBarKind.VOLUME, config.volumeBarThreshold(), listener);
        }
        if (config.tickBarThreshold() > 0)
        {
            bars[i++] = new ActivityBars(ActivityBarKind.TICK, config.tickBarThreshold(), listener);
        }
        if (config.notionalBarThreshold() > 0)
        {
            bars[i] = new ActivityBars(ActivityBarKind.NOTIONAL, config.notionalBarThreshold(), listener);
        }
        return bars;
    }

    /**
     * Update every trade operator. Activity bars that close call the listener from here.
     *
     * @param timeNs        trade time, not before any trade of this instrument the kernel accepted.
     * @param priceMantissa trade price.
     * @param size          trade size, positive.
     * @return true when the trade has a previous price but no log return: one of the two prices is zero or negative
     * (a calendar spread crossing zero). The return is then skipped by every return operator, not approximated.
     */
    boolean onTrade(final long timeNs, final long priceMantissa, final long size)
    {
        ensemble.component(STALE, stale.score(timeNs));
        stale.onUpdate(timeNs);

        final boolean hadPrevious = logReturn.hasPrevious();
        final double r = logReturn.update(priceMantissa);
        lastLogReturn = r;
        if (Double.isFinite(r))
        {
            // The z-score is taken against the variance before r; it counts as evidence only after the warm-up.
            final double z = zScore.update(r);
            lastZScore = zScore.count() > config.returnWarmup() ? z : Double.NaN;
            ewma.update(r);
            realizedVolatility.add(timeNs, r);
            returnStats.add(timeNs, r);
        }
        else
        {
            lastZScore = Double.NaN;
            realizedVolatility.advanceTo(timeNs);
            returnStats.advanceTo(timeNs);
        }
        ensemble.component(Z_SCORE, lastZScore);

        for (final RollingWindowStats window : priceWindows)
        {
            window.add(timeNs, priceMantissa);
        }
        priceCount.add(priceMantissa);
        sizeStats.add(timeNs, size);
        // Quote windows end at the trade, so the published mid and spread stats describe the same moment.
        twiceMidStats.advanceTo(timeNs);
        spreadStats.advanceTo(timeNs);
        rollingVwap.onTrade(timeNs, priceMantissa, size);
        ensemble.component(HAMPEL, hampel.update(priceMantissa));
        ensemble.component(VOLUME_SPIKE, volumeSpike.onTrade(timeNs, size));
        for (final ActivityBars bars : activityBars)
        {
            bars.onTrade(timeNs, priceMantissa, size);
        }
        return hadPrevious && !Double.isFinite(r);
    }

    /**
     * Update every quote operator.
     *
     * @param timeNs      quote time.
     * @param bidMantissa best bid.
     * @param bidSize     best bid size; not positive: no bid.
     * @param askMantissa best ask.
     * @param askSize     best ask size; not positive: no ask.
     * @return the quote's condition.
     */
    QuoteCondition onQuote(
        final long timeNs, final long bidMantissa, final long bidSize, final long askMantissa, final long askSize)
    {
        stale.onUpdate(timeNs);
        final QuoteCondition condition = quoteState.update(timeNs, bidMantissa, bidSize, askMantissa, askSize);
        ensemble.component(QUOTE, quoteState.score());
        if (condition == QuoteCondition.ONE_SIDED)
        {
            return condition;
        }
        final long twiceMid = bidMantissa + askMantissa;
        final long spread = askMantissa - bidMantissa;
        // Overflow (prices near opposite extremes of a long) would put nonsense into the sums: leave such a quote out.
        if (((bidMantissa ^ twiceMid) & (askMantissa ^ twiceMid)) >= 0)
        {
            twiceMidStats.add(timeNs, twiceMid);
        }
        if (((askMantissa ^ bidMantissa) & (askMantissa ^ spread)) >= 0)
        {
            spreadStats.add(timeNs, spread);
        }
        ensemble.component(SPREAD_BLOWOUT, spreadBlowout.onQuote(bidMantissa, askMantissa));
        return condition;
    }
}
