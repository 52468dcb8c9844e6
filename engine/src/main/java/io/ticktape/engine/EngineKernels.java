package io.ticktape.engine;

import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.kernel.AnalyticsSink;
import io.ticktape.protocol.status.Counters;
import io.ticktape.replay.KernelFactory;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;

/**
 * Builds the analytics kernel from an engine configuration, in one place for the live engine and for replays, so
 * that a backtest runs the kernel exactly as live did: same bar intervals, session, operators and thresholds.
 */
public final class EngineKernels
{
    private EngineKernels()
    {
    }

    /**
     * @param config   engine configuration.
     * @param sink     where outputs go.
     * @param clock    for emittedNs and latency.
     * @param latency  receive-to-kernel latency, or null.
     * @param counters for the kernel's counters.
     * @return the kernel.
     * @throws IllegalArgumentException naming a bad setting.
     */
    public static AnalyticsKernel newKernel(
        final EngineConfig config,
        final AnalyticsSink sink,
        final NanoClock clock,
        final SingleWriterRecorder latency,
        final Counters counters)
    {
        return new AnalyticsKernel(barIntervalsNs(config), config.sessionCalendar(), sink, clock, latency, counters,
            config.kernel.toConfiguration(), config.bars.toConfiguration());
    }

    /**
     * @param config engine configuration.
     * @return a factory of kernels configured as the engine's, without latency recording.
     */
    public static KernelFactory factory(final EngineConfig config)
    {
        // Fail now, with the setting's name, rather than when the replay starts.
        config.kernel.toConfiguration();
        config.bars.toConfiguration();
        config.sessionCalendar();
        barIntervalsNs(config);
        return (sink, clock, counters) -> newKernel(config, sink, clock, null, counters);
    }

    private static long[] barIntervalsNs(final EngineConfig config)
    {
        final long[] intervals = new long[config.barIntervals.size()];
        for (int i = 0; i < intervals.length; i++)
        {
            intervals[i] = Durations.parseNs(config.barIntervals.get(i));
        }
        return intervals;
    }
}
