package io.ticktape.kernel.ops;

/**
 * The state shared by the {@code long} rolling statistics: the samples in the window, their exact moments and the
 * min/max deques. The owner decides which samples leave (by time or by count).
 */
final class LongSampleWindow
{
    private final SampleRing ring;
    private final LongMoments moments;
    private final MonotonicLongDeque minDeque;
    private final MonotonicLongDeque maxDeque;

    LongSampleWindow(final int capacity)
    {
        this(capacity, true, true);
    }

    /**
     * @param capacity most samples held.
     * @param extremes whether to keep the min/max deques (else min and max are not available).
     * @param squares  whether to keep the sum of squares (else the variance is NaN).
     */
    LongSampleWindow(final int capacity, final boolean extremes, final boolean squares)
    {
        ring = new SampleRing(capacity, false);
        moments = new LongMoments(squares);
        minDeque = extremes ? new MonotonicLongDeque(capacity, false) : null;
        maxDeque = extremes ? new MonotonicLongDeque(capacity, true) : null;
    }

    /**
     * Append a sample, evicting the oldest first when full.
     *
     * @return true when the oldest sample had to be evicted to make room.
     */
    boolean append(final long timeNs, final long value)
    {
        final boolean evicted = ring.isFull();
        if (evicted)
        {
            removeOldest();
        }
        final long seq = ring.nextSeq();
        ring.append(timeNs, value, 0);
        moments.add(value);
        if (null != minDeque)
        {
            minDeque.push(seq, value);
            maxDeque.push(seq, value);
        }
        return evicted;
    }

    /**
     * Remove every sample outside {@code (nowNs - windowNs, nowNs]}.
     */
    void expire(final long nowNs, final long windowNs)
    {
        while (!ring.isEmpty() && nowNs - ring.oldestTimeNs() >= windowNs)
        {
            removeOldest();
        }
    }

    void removeOldest()
    {
        moments.remove(ring.oldestValue());
        ring.removeOldest();
        if (null != minDeque)
        {
            minDeque.expireBefore(ring.headSeq());
            maxDeque.expireBefore(ring.headSeq());
        }
    }

    void clear()
    {
        ring.clear();
        moments.reset();
        if (null != minDeque)
        {
            minDeque.clear();
            maxDeque.clear();
        }
    }

    int capacity()
    {
        return ring.capacity();
    }

    LongMoments moments()
    {
        return moments;
    }

    long min()
    {
        checkExtremes();
        return minDeque.isEmpty() ? Long.MAX_VALUE : minDeque.extreme();
    }

    long max()
    {
        checkExtremes();
        return maxDeque.isEmpty() ? Long.MIN_VALUE : maxDeque.extreme();
    }

    private void checkExtremes()
    {
        if (null == minDeque)
        {
            throw new IllegalStateException("this window keeps no min and max");
        }
    }
}
