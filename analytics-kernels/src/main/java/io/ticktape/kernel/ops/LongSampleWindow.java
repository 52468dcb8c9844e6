package io.ticktape.kernel.ops;

/**
 * The state shared by the {@code long} rolling statistics: the samples in the window, their exact moments and the
 * min/max deques. The owner decides which samples leave (by time or by count).
 */
final class LongSampleWindow
{
    private final SampleRing ring;
    private final LongMoments moments = new LongMoments();
    private final MonotonicLongDeque minDeque;
    private final MonotonicLongDeque maxDeque;

    LongSampleWindow(final int capacity)
    {
        ring = new SampleRing(capacity, false);
        minDeque = new MonotonicLongDeque(capacity, false);
        maxDeque = new MonotonicLongDeque(capacity, true);
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
        minDeque.push(seq, value);
        maxDeque.push(seq, value);
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
        minDeque.expireBefore(ring.headSeq());
        maxDeque.expireBefore(ring.headSeq());
    }

    void clear()
    {
        ring.clear();
        moments.reset();
        minDeque.clear();
        maxDeque.clear();
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
        return minDeque.isEmpty() ? Long.MAX_VALUE : minDeque.extreme();
    }

    long max()
    {
        return maxDeque.isEmpty() ? Long.MIN_VALUE : maxDeque.extreme();
    }
}
