package io.ticktape.kernel.ops;

/**
 * The state shared by the {@code double} rolling statistics: the samples in the window (as raw bits), their
 * compensated moments and the min/max deques. The owner decides which samples leave (by time or by count).
 */
final class DoubleSampleWindow
{
    /**
     * Largest accepted magnitude, 2^480: squares stay below 2^960 and {@code n * sum(x^2)} below 2^1022 for any
     * count up to 2^31, so no intermediate overflows to infinity.
     */
    static final double MAX_ABS_VALUE = 0x1p480;

    private final SampleRing ring;
    private final DoubleMoments moments = new DoubleMoments();
    private final MonotonicDoubleDeque minDeque;
    private final MonotonicDoubleDeque maxDeque;

    DoubleSampleWindow(final int capacity)
    {
        ring = new SampleRing(capacity, false);
        minDeque = new MonotonicDoubleDeque(capacity, false);
        maxDeque = new MonotonicDoubleDeque(capacity, true);
    }

    static boolean isAcceptable(final double value)
    {
        // Also false for NaN, which compares false with everything.
        return Math.abs(value) <= MAX_ABS_VALUE;
    }

    boolean append(final long timeNs, final double value)
    {
        final boolean evicted = ring.isFull();
        if (evicted)
        {
            removeOldest();
        }
        final long seq = ring.nextSeq();
        ring.append(timeNs, Double.doubleToRawLongBits(value), 0);
        moments.add(value);
        minDeque.push(seq, value);
        maxDeque.push(seq, value);
        return evicted;
    }

    void expire(final long nowNs, final long windowNs)
    {
        while (!ring.isEmpty() && nowNs - ring.oldestTimeNs() >= windowNs)
        {
            removeOldest();
        }
    }

    void removeOldest()
    {
        moments.remove(Double.longBitsToDouble(ring.oldestValue()));
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

    DoubleMoments moments()
    {
        return moments;
    }

    double min()
    {
        return minDeque.isEmpty() ? Double.NaN : minDeque.extreme();
    }

    double max()
    {
        return maxDeque.isEmpty() ? Double.NaN : maxDeque.extreme();
    }
}
