package io.ticktape.perf;

import java.util.Locale;

/**
 * How the latency harness's producer waits for its next frame to be due. The wait is the harness's, not the
 * pipeline's (every stage is timed from the intended send time whatever the producer did meanwhile), but on a machine
 * with fewer cores than busy threads it decides who gets the CPU:
 * <ul>
 *   <li>{@link #SPIN}: never gives the core up, as a pinned feed thread would on a core of its own. A consumer
 *   that the scheduler puts on the same core and that yields when idle then waits for the end of the producer's
 *   time slice, milliseconds (a parked consumer is woken at once, since Linux favours a waking thread).</li>
 *   <li>{@link #YIELD}: yields while waiting, as the engine's feed thread does when its backoff idle strategy
 *   reaches its yielding phase; on 2 cores this is the default profile's behaviour.</li>
 * </ul>
 */
enum Pace
{
    /** Busy-spin until due. */
    SPIN,
    /** Yield until due. */
    YIELD;

    /**
     * Wait until {@code intendedNs}.
     *
     * @param intendedNs when the next frame is due (nanoTime).
     * @return the time when it was due or later.
     */
    long awaitDue(final long intendedNs)
    {
        long nowNs = System.nanoTime();
        if (this == SPIN)
        {
            while (nowNs < intendedNs)
            {
                Thread.onSpinWait();
                nowNs = System.nanoTime();
            }
        }
        else
        {
            while (nowNs < intendedNs)
            {
                Thread.yield();
                nowNs = System.nanoTime();
            }
        }
        return nowNs;
    }

    /**
     * @param name spin or yield.
     * @return the pace.
     */
    static Pace of(final String name)
    {
        switch (name.toLowerCase(Locale.ROOT))
        {
            case "spin":
                return SPIN;
            case "yield":
                return YIELD;
            default:
                throw new IllegalArgumentException("--pace takes spin or yield: " + name);
        }
    }
}
