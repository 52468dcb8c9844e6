package io.ticktape.engine.threads;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Agrona idle strategies by the names used in configuration.
 */
public final class IdleStrategies
{
    /** Names accepted by {@link #of(String)}. */
    public static final String NAMES = "busy-spin, yielding, backoff, sleeping";

    private IdleStrategies()
    {
    }

    /**
     * @param name one of {@link #NAMES}.
     * @return a new idle strategy.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static IdleStrategy of(final String name)
    {
        switch (name)
        {
            case "busy-spin":
                return new BusySpinIdleStrategy();
            case "yielding":
                return new YieldingIdleStrategy();
            case "backoff":
                return new BackoffIdleStrategy();
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + name + "', expected one of: " + NAMES);
        }
    }
}
