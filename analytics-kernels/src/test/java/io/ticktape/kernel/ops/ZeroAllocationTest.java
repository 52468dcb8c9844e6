package io.ticktape.kernel.ops;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every operator together, per update and per query, allocates nothing once warmed up: the thread's allocated-bytes
 * counter (HotSpot's TLAB accounting) does not move across hundreds of thousands of ticks.
 */
class ZeroAllocationTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final int TICKS = 400_000;

    /** All the operators one instrument would hold, fed from one synthetic tick stream. */
    static final class Instrument
    {
        final long[] barsClosed = new long[1];
        final RollingWindowStats priceStats = new RollingWindowStats(SECOND, 4_096);
        final RollingCountStats sizeStats = new RollingCountStats(256);
        final RollingWindowDoubleStats returnStats = new RollingWindowDoubleStats(10 * SECOND, 4_096);
        final RollingCountDoubleStats returnCountStats = new RollingCountDoubleStats(100);
        final LogReturn logReturn = new LogReturn();
        final Ewma ewma = new Ewma(Ewma.RISK_METRICS_LAMBDA, 0.0, 1e-6);
        final RealizedVolatility realized = new RealizedVolatility(60 * SECOND, 8_192);
        final RollingVwap vwap = new RollingVwap(60 * SECOND, 8_192);
        final ActivityBarListener listener = bar -> barsClosed[0] += bar.tradeCount();
        final ActivityBars volumeBars = new ActivityBars(ActivityBarKind.VOLUME, 5_000, listener);
        final ActivityBars tickBars = new ActivityBars(ActivityBarKind.TICK, 50, listener);
        final ActivityBars notionalBars = new ActivityBars(ActivityBarKind.NOTIONAL, 1_000_000_000L, listener);
        final TimeBarFiller filler = new TimeBarFiller(16);
        final ReturnZScore zScore = new ReturnZScore(Ewma.RISK_METRICS_LAMBDA, 1e-6, 1e-12);
        final HampelScore hampel = new HampelScore(64, 1);
        final VolumeSpike volumeSpike = new VolumeSpike(60 * SECOND, 8_192);
        final SpreadBlowout spreadBlowout = new SpreadBlowout(128);
        final QuoteState quoteState = new QuoteState();
        final StaleDetector stale = new StaleDetector(SECOND);
        final EnsembleScore ensemble = new EnsembleScore(
            new double[] { 2, 1, 1, 1, 1, 1 }, new double[] { 3, 3, 5, 5, 1, 1 }, EnsembleScore.Mapping.RATIONAL);

        long seed = 0x9E3779B97F4A7C15L;
        long timeNs = 1_700_000_000L * SECOND;
        long price = 1_000_000;
        long lastBarOpenNs = timeNs - timeNs % SECOND;

        /**
         * One tick (a trade, or a quote one time in four) through every operator, plus the queries a publisher
         * would make; returns a checksum so nothing is optimised away.
         */
        double tick()
        {
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            final long random = seed;
            // Bursts (same timestamp), small steps and occasional quiet gaps.
            timeNs += (random & 3) == 0 ? 0 : (random >>> 2) % ((random & 0x3F0) == 0 ? 3 * SECOND : 2_000_000);
            stale.poll(timeNs);
            stale.onUpdate(timeNs);
            double sum = stale.score(timeNs);
            if ((random & 0x30) == 0)
            {
                final long bid = price - 1 - ((random >>> 20) & 3);
                final long ask = price + 1 + ((random >>> 24) & 3) - ((random >>> 40) & 7) / 6 * 4;
                quoteState.update(timeNs, bid, 10, ask, 10);
                final double blowout = spreadBlowout.onQuote(bid, ask);
                priceStats.add(timeNs, bid + ask);
                ensemble.component(3, blowout).component(4, quoteState.score());
                return Double.doubleToRawLongBits(sum + blowout + quoteState.score() + ensemble.score()) & 1;
            }
            price += ((random >>> 30) % 21) - 10;
            if ((random & 0xFF00) == 0)
            {
                price = -price;   // a calendar spread flips sign now and then
            }
            final long size = 1 + ((random >>> 45) % 400);
            final double r = logReturn.update(price);
            final double z = zScore.update(r);
            ewma.update(r);
            returnStats.add(timeNs, r);
            returnCountStats.add(r);
            realized.add(timeNs, r);
            priceStats.add(timeNs, price);
            sizeStats.add(size);
            vwap.onTrade(timeNs, price, size);
            volumeBars.onTrade(timeNs, price, size);
            tickBars.onTrade(timeNs, price, size);
            notionalBars.onTrade(timeNs, price, size);
            final double hampelScore = hampel.update(price);
            final double spike = volumeSpike.onTrade(timeNs, size);
            final long openNs = TimeBarFiller.alignedOpen(timeNs, SECOND, 0);
            if (openNs != lastBarOpenNs)
            {
                filler.begin(lastBarOpenNs, openNs, SECOND, price);
                while (filler.hasNext())
                {
                    sum += filler.next() & 1;
                }
                lastBarOpenNs = openNs;
            }
            ensemble.component(0, z).component(1, hampelScore).component(2, spike).component(5, stale.score(timeNs));
            sum += priceStats.mean() + priceStats.variance() + priceStats.stdDev() + priceStats.min() +
                priceStats.max() + priceStats.sum() + priceStats.sumHi() + priceStats.count();
            sum += sizeStats.mean() + sizeStats.sampleVariance() + sizeStats.min() + sizeStats.max();
            sum += returnStats.mean() + returnStats.variance() + returnStats.min() + returnStats.max();
            sum += returnCountStats.stdDev() + returnCountStats.sumOfSquares();
            sum += ewma.mean() + ewma.variance() + ewma.volatility() + realized.volatility();
            sum += vwap.vwap() + vwap.volume() + vwap.notionalLo();
            sum += volumeBars.current().vwap() + tickBars.current().highMantissa() + notionalBars.current().volume();
            sum += hampel.median() + hampel.mad() + volumeSpike.baselineMean() + ensemble.score();
            // One bit of the result depends on every query; summing the raw values could reach inf - inf.
            return Double.doubleToRawLongBits(sum) & 1;
        }
    }

    @Test
    void shouldNotAllocateWhenAllOperatorsUpdateAfterWarmUp()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "HotSpot allocation counters unavailable");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counters unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);

        // Warm up on twins fed the very same ticks as the measured instrument: every branch the measured run takes
        // has then been compiled and, more to the point, linked. The first execution of a call site resolves it,
        // which allocates a few Strings once per JVM, and a rare branch (a sum first needing its high word) could
        // otherwise do that inside the measurement though nothing allocates per update.
        double checksum = 0;
        for (int round = 0; round < 3; round++)
        {
            checksum += run(new Instrument(), TICKS);
        }
        final Instrument instrument = new Instrument();

        final long before = threads.getCurrentThreadAllocatedBytes();
        checksum += run(instrument, TICKS);
        final long after = threads.getCurrentThreadAllocatedBytes();

        assertThat(checksum).isNotNaN();
        assertThat(instrument.barsClosed[0]).isPositive();
        assertThat(instrument.volumeBars.barsClosed()).isPositive();
        assertThat(instrument.filler.skipped() + instrument.filler.emptyIntervals()).isNotNegative();
        assertThat(after - before).as("bytes allocated over %d ticks", TICKS).isZero();
    }

    private static double run(final Instrument instrument, final int ticks)
    {
        double checksum = 0;
        for (int i = 0; i < ticks; i++)
        {
            checksum += instrument.tick();
        }
        return checksum;
    }
}
