package io.ticktape.sequencer;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * Ring wait strategies by the names used in configuration.
 */
public final class WaitStrategies
{
    /** Names accepted by {@link #of(String)}. */
    public static final String NAMES = "busy-spin, yielding, sleeping, blocking";

    private WaitStrategies()
    {
    }

    /**
     * @param name one of {@link #NAMES}.
     * @return a new wait strategy.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static WaitStrategy of(final String name)
    {
        switch (name)
        {
            case "busy-spin":
                return new BusySpinWaitStrategy();
            case "yielding":
                return new YieldingWaitStrategy();
            case "sleeping":
                return new SleepingWaitStrategy();
            case "blocking":
                return new BlockingWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy '" + name + "', expected one of: " + NAMES);
        }
    }

    /**
     * @param name one of {@link #NAMES}.
     * @return true if a thread waiting this way keeps its core busy.
     */
    public static boolean spins(final String name)
    {
        return "busy-spin".equals(name);
    }
}
