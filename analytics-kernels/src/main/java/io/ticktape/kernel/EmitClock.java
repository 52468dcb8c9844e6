package io.ticktape.kernel;

import org.agrona.concurrent.NanoClock;

/**
 * The {@code emittedNs} of every output caused by one tick: the clock is read at most once per tick, on the first
 * output, so a trade that closes two bars and publishes statistics and scores still costs one read, and a quote that
 * publishes nothing costs none.
 */
final class EmitClock
{
    private final NanoClock clock;
    private long emittedNs;

    EmitClock(final NanoClock clock)
    {
        this.clock = clock;
    }

    /**
     * Forget the reading: a new tick begins.
     */
    void reset()
    {
        emittedNs = 0;
    }

    /**
     * @return the reading for the current tick, taken now if not yet.
     */
    long emittedNs()
    {
        if (0 == emittedNs)
        {
            emittedNs = clock.nanoTime();
        }
        return emittedNs;
    }
}
