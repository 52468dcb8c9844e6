package io.ticktape.kernel.ops;

/**
 * Sliding-window minimum or maximum in O(1) amortised: a ring of (sequence, value) pairs whose values are monotonic
 * from front to back, the front being the extreme of the window. A value that can never again be the extreme (an
 * older one dominated by a newer one) is dropped on push; among equal values the newest is kept, as it lives longest.
 */
final class MonotonicLongDeque
{
    private final boolean keepMax;
    private final int capacity;
    private final long[] seqs;
    private final long[] values;
    private int head;
    private int size;

    /**
     * @param capacity most samples in the window at once.
     * @param keepMax  true for a maximum, false for a minimum.
     */
    MonotonicLongDeque(final int capacity, final boolean keepMax)
    {
        this.keepMax = keepMax;
        this.capacity = capacity;
        seqs = new long[capacity];
        values = new long[capacity];
    }

    /**
     * Push the newest sample; the window must already have room for it.
     */
    void push(final long seq, final long value)
    {
        while (size > 0)
        {
            final long back = values[index(size - 1)];
            if (keepMax ? back > value : back < value)
            {
                break;
            }
            size--;
        }
        final int tail = index(size);
        seqs[tail] = seq;
        values[tail] = value;
        size++;
    }

    /**
     * Drop every entry whose sample has left the window.
     *
     * @param firstLiveSeq sequence number of the oldest sample still in the window.
     */
    void expireBefore(final long firstLiveSeq)
    {
        while (size > 0 && seqs[head] < firstLiveSeq)
        {
            head = head + 1 == capacity ? 0 : head + 1;
            size--;
        }
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    long extreme()
    {
        return values[head];
    }

    void clear()
    {
        head = 0;
        size = 0;
    }

    private int index(final int offset)
    {
        final int i = head + offset;
        return i >= capacity ? i - capacity : i;
    }
}
