package io.ticktape.alerts;

import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel with the evaluator and every kind of instrument and channel rule allocates nothing per tick once its
 * instruments and channels are known, alerts raised and cleared included (JMH {@code -prof gc} in perf says the same;
 * this keeps it true in CI).
 */
class AlertZeroAllocationTest
{
    private static final int TICKS = 90_000;

    @Test
    void shouldNotAllocatePerTick()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "HotSpot allocation counters unavailable");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counters unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);

        final List<Tick> ticks = new ArrayList<>(TICKS);
        AlertReplayTest.generate(7, TICKS, tick -> ticks.add(tick));
        final Counters counters = new Counters();
        final long[] alerts = new long[1];
        final KernelConfiguration configuration = KernelConfiguration.defaults();
        final CompiledRules rules = RuleLoader.parse("""
            rules: [
              { name: move, metric: priceMovePct, window: 1s, raiseAbove: 0.5, clearBelow: 0.25 },
              { name: z, metric: returnZScore, raiseAbove: 4, clearBelow: 3 },
              { name: ensemble, metric: ensemble, raiseAbove: 0.6, clearBelow: 0.4 },
              { name: spread, metric: spreadBps, raiseAbove: 20, clearBelow: 10, minDuration: 1ms },
              { name: spike, metric: volumeSpike, raiseAbove: 6, clearBelow: 5, cooldown: 1s },
              { name: vwap, metric: vwapDeviationBps, raiseAbove: 50, clearBelow: 25 },
              { name: crossed, metric: crossedQuote },
              { name: stale, metric: staleInstrument },
              { name: gap, metric: feedGap, clearAfter: 100ms },
              { name: channel, metric: staleChannel }
            ]
            """, "zero.yaml", new RuleContext(configuration));
        final AlertEvaluator evaluator = new AlertEvaluator((b, o, l) -> { }, (b, o, l) -> alerts[0]++, rules,
            counters);
        final AnalyticsKernel kernel = new AnalyticsKernel(AnalyticsKernel.DEFAULT_BAR_INTERVALS_NS,
            AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS, 0, evaluator, SystemNanoClock.INSTANCE, null, counters,
            configuration);

        // Two thirds to warm up (first sight of every instrument and channel, JIT), the last third measured.
        final int measuredFrom = 2 * TICKS / 3;
        for (int i = 0; i < measuredFrom; i++)
        {
            kernel.onTick(ticks.get(i));
        }
        final long alertsBefore = alerts[0];
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = measuredFrom; i < TICKS; i++)
        {
            kernel.onTick(ticks.get(i));
        }
        final long after = threads.getCurrentThreadAllocatedBytes();

        assertThat(alerts[0] - alertsBefore).as("alerts raised or cleared while measured").isPositive();
        // A little slack for the allocation counter's own bookkeeping; per tick this is zero.
        assertThat(after - before).as("bytes allocated over %d ticks", TICKS - measuredFrom).isLessThan(1024);
    }
}
