package io.ticktape.engine;

import io.ticktape.alerts.HealthProbe;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * The engine's counters and latency as the system-health rules read them (on their timer thread). Stage latency is
 * the receive-to-kernel-done histogram the engine's reporter folds in each second, taken as the difference from the
 * previous read; dropped frames are the counters whose label says so (publisher back-pressure drops), malformed
 * frames every {@code *.malformed.*} counter.
 */
final class EngineHealthProbe implements HealthProbe
{
    private final TicktapeEngine engine;
    private Histogram previous;

    EngineHealthProbe(final TicktapeEngine engine)
    {
        this.engine = engine;
    }

    @Override
    public double stageLatencyP99Us(final String stage)
    {
        final Histogram total = engine.latency().total();
        final Histogram interval = total.copy();
        if (null != previous && previous.getTotalCount() <= total.getTotalCount())
        {
            try
            {
                interval.subtract(previous);
            }
            catch (final IllegalArgumentException ex)
            {
                // The total was reset since the previous read (the end of a warm-up): it is all new.
                interval.reset();
                interval.add(total);
            }
        }
        previous = total;
        return interval.getTotalCount() == 0 ? Double.NaN : interval.getValueAtPercentile(99) / 1000.0;
    }

    @Override
    public long ringBacklog(final String consumer)
    {
        final long[] backlogs = engine.consumerBacklogs();
        long value = 0;
        for (int i = 0; i < backlogs.length; i++)
        {
            if ("max".equals(consumer) ? backlogs[i] > value : TicktapeEngine.CONSUMER_NAMES[i].equals(consumer))
            {
                value = backlogs[i];
            }
        }
        return value;
    }

    @Override
    public long droppedFrames()
    {
        long dropped = 0;
        for (final Map.Entry<String, Long> entry : engine.counters().snapshot().entrySet())
        {
            final String label = entry.getKey();
            if (label.startsWith("publisher.") && label.endsWith("_drops"))
            {
                dropped += entry.getValue();
            }
        }
        return dropped;
    }

    @Override
    public long malformedFrames()
    {
        long malformed = 0;
        for (final Map.Entry<String, Long> entry : engine.counters().snapshot().entrySet())
        {
            if (entry.getKey().contains(".malformed."))
            {
                malformed += entry.getValue();
            }
        }
        return malformed;
    }

    @Override
    public long lastGlobalSeq()
    {
        return engine.counters().value("kernel.last_global_seq");
    }
}
