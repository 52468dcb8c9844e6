package io.ticktape.kernel;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Settings of the per-instrument operators the kernel runs beside session VWAP and time bars (see
 * {@link InstrumentOps}), and of what it publishes from them.
 * <p>
 * <b>Memory.</b> Every time window holds at most {@code windowCapacity} samples; a window that would hold more evicts
 * its oldest sample (counted by the operator), so under a burst its statistics cover the latest
 * {@code windowCapacity} samples. Per instrument the kernel holds {@code priceWindowsNs.length + 7} such windows at
 * up to 48 bytes a sample (16 for the size, mid and spread windows, which keep no min/max deques): about 0.6 MiB per
 * instrument with the defaults (2,048 samples, three price windows); lower {@code windowCapacity} to shrink it. All of
 * it is allocated when the instrument is first seen, which in a normal feed is its definition (a control-path tick);
 * only a trade or quote arriving before any definition (counted in {@code kernel.ticks_before_definition}) pays for it
 * on the data path.
 * <p>
 * <b>Publication.</b> A {@code Statistics} message follows every accepted trade. Component anomaly scores are
 * published only when they reach their threshold, so a quiet market costs one {@code AnomalyScore} (the ensemble) per
 * trade rather than seven: return z-score and Hampel at {@code |score| >= 3}, volume spike and spread blow-out at 5
 * times their baseline; crossed and locked quotes and stale instruments always. The ensemble is published after each
 * trade when it reaches {@code ensembleThreshold} (0: every trade).
 *
 * @param enabled                whether the operators run at all; when false the kernel publishes only VWAP and bars.
 * @param priceWindowsNs         time windows of the trade-price statistics, each positive, 1 to
 *                               {@link #MAX_PRICE_WINDOWS} of them.
 * @param statsWindowNs          time window of the size, log-return, mid and spread statistics.
 * @param countWindow            trades in the count window of price statistics.
 * @param windowCapacity         most samples each time window holds.
 * @param ewmaLambda             EWMA decay per log return, in (0, 1).
 * @param returnWarmup           log returns before the return z-score is trusted (NaN until then): with a zero seed
 *                               the first returns would otherwise score as extreme.
 * @param realizedVolWindowNs    window of realized volatility.
 * @param rollingVwapWindowNs    window of the rolling VWAP.
 * @param volumeBarThreshold     volume that closes a volume bar; 0 for no volume bars.
 * @param tickBarThreshold       trades that close a tick bar; 0 for no tick bars.
 * @param notionalBarThreshold   absolute notional (mantissa times size) that closes a notional bar; 0 for none.
 * @param hampelWindow           prices the Hampel score compares against.
 * @param hampelMinMadTicks      floor of the Hampel MAD in instrument ticks (tick size 1 when unknown).
 * @param volumeSpikeWindowNs    baseline window of the volume spike score.
 * @param spreadMedianWindow     quotes in the median spread the blow-out score compares against.
 * @param staleBudgetNs          longest silence before an instrument is stale.
 * @param ensembleWeights        weights of return z-score, Hampel, volume spike, spread blow-out, quote condition and
 *                               staleness in the ensemble ({@link #ENSEMBLE_COMPONENTS} of them).
 * @param zScoreThreshold        publish a return z-score whose magnitude reaches this.
 * @param hampelThreshold        publish a Hampel score reaching this.
 * @param volumeSpikeThreshold   publish a volume spike ratio reaching this.
 * @param spreadBlowoutThreshold publish a spread blow-out ratio reaching this.
 * @param ensembleThreshold      publish the ensemble when it reaches this (0: after every trade).
 */
public record KernelConfiguration(
    boolean enabled,
    long[] priceWindowsNs,
    long statsWindowNs,
    int countWindow,
    int windowCapacity,
    double ewmaLambda,
    int returnWarmup,
    long realizedVolWindowNs,
    long rollingVwapWindowNs,
    long volumeBarThreshold,
    long tickBarThreshold,
    long notionalBarThreshold,
    int hampelWindow,
    long hampelMinMadTicks,
    long volumeSpikeWindowNs,
    int spreadMedianWindow,
    long staleBudgetNs,
    double[] ensembleWeights,
    double zScoreThreshold,
    double hampelThreshold,
    double volumeSpikeThreshold,
    double spreadBlowoutThreshold,
    double ensembleThreshold)
{
    /** Components of the ensemble, in weight order. */
    public static final int ENSEMBLE_COMPONENTS = 6;
    /** Most price windows: bounds the size of a {@code Statistics} message. */
    public static final int MAX_PRICE_WINDOWS = 8;

    /**
     * Checks every value and copies the arrays, so a configuration cannot change once built.
     */
    public KernelConfiguration
    {
        priceWindowsNs = priceWindowsNs.clone();
        ensembleWeights = ensembleWeights.clone();
        if (priceWindowsNs.length < 1 || priceWindowsNs.length > MAX_PRICE_WINDOWS)
        {
            throw new IllegalArgumentException("1 to " + MAX_PRICE_WINDOWS + " price windows: " +
                priceWindowsNs.length);
        }
        for (final long windowNs : priceWindowsNs)
        {
            positive("price window", windowNs);
        }
        positive("stats window", statsWindowNs);
        positive("count window", countWindow);
        positive("window capacity", windowCapacity);
        if (!(ewmaLambda > 0 && ewmaLambda < 1))
        {
            throw new IllegalArgumentException("ewma lambda must be in (0, 1): " + ewmaLambda);
        }
        notNegative("return warmup", returnWarmup);
        positive("realized volatility window", realizedVolWindowNs);
        positive("rolling VWAP window", rollingVwapWindowNs);
        notNegative("volume bar threshold", volumeBarThreshold);
        notNegative("tick bar threshold", tickBarThreshold);
        notNegative("notional bar threshold", notionalBarThreshold);
        positive("hampel window", hampelWindow);
        notNegative("hampel min MAD", hampelMinMadTicks);
        positive("volume spike window", volumeSpikeWindowNs);
        positive("spread median window", spreadMedianWindow);
        positive("stale budget", staleBudgetNs);
        if (ensembleWeights.length != ENSEMBLE_COMPONENTS)
        {
            throw new IllegalArgumentException(ENSEMBLE_COMPONENTS + " ensemble weights expected: " +
                ensembleWeights.length);
        }
    }

    /**
     * @return the defaults: price windows 1 s, 10 s, 60 s; 10 s stats window; 100-trade count window; 2,048 samples
     * per window; lambda 0.94 with 30 returns of warm-up; 60 s realized volatility, rolling VWAP and volume-spike
     * baseline; tick bars of 100 trades and volume bars of 5,000, no notional bars; Hampel over 50 prices with a MAD
     * of at least one tick; spread median over 100 quotes; stale after 5 s; every ensemble weight 1; thresholds as in
     * the class description.
     */
    public static KernelConfiguration defaults()
    {
        final long second = TimeUnit.SECONDS.toNanos(1);
        return new KernelConfiguration(
            true, new long[] { second, 10 * second, 60 * second }, 10 * second, 100, 2048,
            0.94, 30, 60 * second, 60 * second,
            5000, 100, 0,
            50, 1, 60 * second, 100, 5 * second,
            new double[] { 1, 1, 1, 1, 1, 1 },
            3.0, 3.0, 5.0, 5.0, 0.0);
    }

    /**
     * @return the defaults with every operator off: the kernel publishes only VWAP and time bars.
     */
    public static KernelConfiguration disabled()
    {
        final KernelConfiguration d = defaults();
        return new KernelConfiguration(
            false, d.priceWindowsNs, d.statsWindowNs, d.countWindow, d.windowCapacity, d.ewmaLambda, d.returnWarmup,
            d.realizedVolWindowNs, d.rollingVwapWindowNs, d.volumeBarThreshold, d.tickBarThreshold,
            d.notionalBarThreshold, d.hampelWindow, d.hampelMinMadTicks, d.volumeSpikeWindowNs, d.spreadMedianWindow,
            d.staleBudgetNs, d.ensembleWeights, d.zScoreThreshold, d.hampelThreshold, d.volumeSpikeThreshold,
            d.spreadBlowoutThreshold, d.ensembleThreshold);
    }

    /**
     * @return a copy of the price windows.
     */
    @Override
    public long[] priceWindowsNs()
    {
        return priceWindowsNs.clone();
    }

    /**
     * @return a copy of the ensemble weights.
     */
    @Override
    public double[] ensembleWeights()
    {
        return ensembleWeights.clone();
    }

    @Override
    public boolean equals(final Object other)
    {
        // Records compare arrays by identity: compare the components that are arrays by content instead.
        return other instanceof KernelConfiguration &&
            toString().equals(other.toString());
    }

    @Override
    public int hashCode()
    {
        return toString().hashCode();
    }

    @Override
    public String toString()
    {
        return "KernelConfiguration{enabled=" + enabled + ", priceWindowsNs=" + Arrays.toString(priceWindowsNs) +
            ", statsWindowNs=" + statsWindowNs + ", countWindow=" + countWindow + ", windowCapacity=" + windowCapacity +
            ", ewmaLambda=" + ewmaLambda + ", returnWarmup=" + returnWarmup + ", realizedVolWindowNs=" +
            realizedVolWindowNs + ", rollingVwapWindowNs=" + rollingVwapWindowNs + ", volumeBarThreshold=" +
            volumeBarThreshold + ", tickBarThreshold=" + tickBarThreshold + ", notionalBarThreshold=" +
            notionalBarThreshold + ", hampelWindow=" + hampelWindow + ", hampelMinMadTicks=" + hampelMinMadTicks +
            ", volumeSpikeWindowNs=" + volumeSpikeWindowNs + ", spreadMedianWindow=" + spreadMedianWindow +
            ", staleBudgetNs=" + staleBudgetNs + ", ensembleWeights=" + Arrays.toString(ensembleWeights) +
            ", zScoreThreshold=" + zScoreThreshold + ", hampelThreshold=" + hampelThreshold +
            ", volumeSpikeThreshold=" + volumeSpikeThreshold + ", spreadBlowoutThreshold=" + spreadBlowoutThreshold +
            ", ensembleThreshold=" + ensembleThreshold + "}";
    }

    private static void positive(final String name, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void notNegative(final String name, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
