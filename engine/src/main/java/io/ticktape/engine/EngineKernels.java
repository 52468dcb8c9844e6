package io.ticktape.engine;

import io.ticktape.alerts.AlertEvaluator;
import io.ticktape.alerts.CompiledRules;
import io.ticktape.alerts.RuleContext;
import io.ticktape.alerts.RuleLoader;
import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.kernel.AnalyticsSink;
import io.ticktape.protocol.Durations;
import io.ticktape.protocol.status.Counters;
import io.ticktape.replay.KernelFactory;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;

import java.nio.file.Path;

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
     * @return a factory of kernels configured as the engine's, without latency recording, with the engine's alert
     * rules (if any) in front of the sink.
     * @throws IllegalArgumentException naming a bad setting or a bad rules file.
     */
    public static KernelFactory factory(final EngineConfig config)
    {
        // Fail now, with the setting's name, rather than when the replay starts.
        config.kernel.toConfiguration();
        config.bars.toConfiguration();
        config.sessionCalendar();
        barIntervalsNs(config);
        final CompiledRules rules = config.alerts.enabled && !config.alerts.rulesFile.isEmpty() ?
            RuleLoader.load(Path.of(config.alerts.rulesFile), new RuleContext(config.kernel.toConfiguration())) : null;
        if (null == rules)
        {
            return (sink, clock, counters) -> newKernel(config, sink, clock, null, counters);
        }
        // The alert rules evaluate on the kernel thread as live, and their AlertEvents go out beside the analytics:
        // a backtest sees the alerts live raised, on the same global sequence numbers (system-health rules aside,
        // which watch the live engine, not the ticks).
        return (sink, clock, counters) ->
            newKernel(config, new AlertEvaluator(sink, sink::onAnalytics, rules, counters), clock, null, counters);
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
