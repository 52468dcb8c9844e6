package io.ticktape.kernel.ops;

/**
 * A fixed-capacity FIFO of samples: a timestamp and one or two {@code long} payloads (doubles travel as their raw
 * bits). Each sample gets a sequence number, counting from zero, that monotonic deques use to expire entries.
 */
final class SampleRing
{
    private final int capacity;
    private final long[] timesNs;
    private final long[] values;
    private final long[] extras;
    private int head;
    private int size;
    private long headSeq;

    /**
     * @param capacity  most samples held, positive.
     * @param withExtra whether each sample carries a second payload.
     */
    SampleRing(final int capacity, final boolean withExtra)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        timesNs = new long[capacity];
        values = new long[capacity];
        extras = withExtra ? new long[capacity] : null;
    }

    int capacity()
    {
        return capacity;
    }

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    boolean isFull()
    {
        return size == capacity;
    }

    /**
     * @return sequence number of the oldest sample held (or of the next one appended when empty).
     */
    long headSeq()
    {
        return headSeq;
    }

    /**
     * @return sequence number the next appended sample gets.
     */
    long nextSeq()
    {
        return headSeq + size;
    }

    long oldestTimeNs()
    {
        return timesNs[head];
    }

    long oldestValue()
    {
        return values[head];
    }

    long oldestExtra()
    {
        return extras[head];
    }

    void removeOldest()
    {
        head = head + 1 == capacity ? 0 : head + 1;
        size--;
        headSeq++;
    }

    /**
     * Append at the tail; the caller has made room.
     */
    void append(final long timeNs, final long value, final long extra)
    {
        final int tail = index(size);
        timesNs[tail] = timeNs;
        values[tail] = value;
        if (null != extras)
        {
            extras[tail] = extra;
        }
        size++;
    }

    void clear()
    {
        headSeq += size;
        head = 0;
        size = 0;
    }

    private int index(final int age)
    {
        final int i = head + age;
        return i >= capacity ? i - capacity : i;
    }
}
