package io.ticktape.kernel.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * The naive reference for every time- or count-windowed operator: it keeps every accepted sample forever and, when
 * asked, recomputes the window from the full history: the samples stamped in {@code (end - W, end]}, of which the
 * latest {@code capacity}. Values are longs (doubles as raw bits); an optional second long rides along.
 */
final class NaiveWindow
{
    record Sample(long timeNs, long value, long extra)
    {
    }

    private final long windowNs;
    private final int capacity;
    private final List<Sample> accepted = new ArrayList<>();
    private long endNs = Long.MIN_VALUE;
    private int sinceEmpty;

    /**
     * @param windowNs window length, or {@link Long#MAX_VALUE} for a pure count window.
     * @param capacity latest samples kept.
     */
    NaiveWindow(final long windowNs, final int capacity)
    {
        this.windowNs = windowNs;
        this.capacity = capacity;
    }

    boolean add(final long timeNs, final long value, final long extra)
    {
        if (timeNs < endNs)
        {
            return false;
        }
        endNs = timeNs;
        if (window().isEmpty())
        {
            sinceEmpty = accepted.size();
        }
        accepted.add(new Sample(timeNs, value, extra));
        return true;
    }

    void advance(final long nowNs)
    {
        if (nowNs >= endNs)
        {
            endNs = nowNs;
        }
    }

    /**
     * Recompute the window from the whole history.
     */
    List<Sample> window()
    {
        final List<Sample> inTime = new ArrayList<>();
        for (final Sample sample : accepted)
        {
            // (end - W, end]: end - t < W, written so that it cannot overflow for the windows the tests use.
            if (windowNs == Long.MAX_VALUE || endNs - sample.timeNs() < windowNs)
            {
                inTime.add(sample);
            }
        }
        return new ArrayList<>(inTime.subList(Math.max(0, inTime.size() - capacity), inTime.size()));
    }

    /**
     * Every sample accepted since the window was last empty (what a compensated sum has seen since it restarted).
     */
    List<Sample> sinceEmpty()
    {
        return accepted.subList(sinceEmpty, accepted.size());
    }

    long endNs()
    {
        return endNs;
    }
}
