package io.ticktape.engine;

import io.ticktape.sequencer.WaitStrategies;

import java.util.List;

/**
 * The threading profile an engine runs with, concluded from its configuration and the machine.
 * <p>
 * The low-latency profile busy-spins the feed thread and the three ring consumers (and the embedded driver), so it
 * needs a core for each: it refuses to start where there are fewer cores than spinning threads, because spinning
 * threads sharing a core make latency worse, not better.
 */
final class EngineProfile
{
    /** Feed thread plus kernel, journal and publisher consumers. */
    static final int ENGINE_THREADS = 4;

    private final String name;
    private final String waitStrategy;
    private final String idleStrategy;
    private final List<Integer> cpus;

    private EngineProfile(
        final String name, final String waitStrategy, final String idleStrategy, final List<Integer> cpus)
    {
        this.name = name;
        this.waitStrategy = waitStrategy;
        this.idleStrategy = idleStrategy;
        this.cpus = cpus;
    }

    static EngineProfile conclude(final EngineConfig config)
    {
        return conclude(config, Runtime.getRuntime().availableProcessors());
    }

    static EngineProfile conclude(final EngineConfig config, final int cores)
    {
        if (Integer.bitCount(config.ringSize) != 1 || config.ringSize < 2)
        {
            throw new IllegalArgumentException("ringSize must be a power of two: " + config.ringSize);
        }
        final boolean lowLatency;
        switch (config.profile)
        {
            case EngineConfig.PROFILE_DEFAULT:
                lowLatency = false;
                break;
            case EngineConfig.PROFILE_LOW_LATENCY:
                lowLatency = true;
                break;
            default:
                throw new IllegalArgumentException("unknown profile '" + config.profile + "', expected " +
                    EngineConfig.PROFILE_DEFAULT + " or " + EngineConfig.PROFILE_LOW_LATENCY);
        }
        final String wait = !config.waitStrategy.isEmpty() ? config.waitStrategy : lowLatency ? "busy-spin" : "yielding";
        final String idle = !config.idleStrategy.isEmpty() ? config.idleStrategy : lowLatency ? "busy-spin" : "backoff";
        WaitStrategies.of(wait);
        io.ticktape.engine.threads.IdleStrategies.of(idle);

        int spinning = WaitStrategies.spins(wait) ? ENGINE_THREADS - 1 : 0;
        if ("busy-spin".equals(idle))
        {
            spinning += 1 + (config.aeronDir.isEmpty() ? 1 : 0);
        }
        if (spinning > cores)
        {
            throw new IllegalStateException("profile " + config.profile + " would busy-spin " + spinning +
                " threads but this machine has " + cores + " cores; use --profile default, or a machine with at least " +
                spinning + " cores");
        }
        if (lowLatency && !config.cpus.isEmpty() && config.cpus.size() < ENGINE_THREADS)
        {
            throw new IllegalArgumentException("low-latency profile pins " + ENGINE_THREADS +
                " threads (kernel, journal, publisher, feed) but cpus lists only " + config.cpus);
        }
        return new EngineProfile(config.profile, wait, idle, lowLatency ? List.copyOf(config.cpus) : List.of());
    }

    String name()
    {
        return name;
    }

    String waitStrategy()
    {
        return waitStrategy;
    }

    String idleStrategy()
    {
        return idleStrategy;
    }

    List<Integer> cpus()
    {
        return cpus;
    }
}
