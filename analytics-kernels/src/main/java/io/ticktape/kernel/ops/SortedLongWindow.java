package io.ticktape.kernel.ops;

import java.util.Arrays;

/**
 * The last N {@code long} values, kept both in arrival order (to know which leaves next) and sorted (for exact order
 * statistics). Insertion and removal shift the sorted array with {@code System.arraycopy}: O(N), which for the
 * N of a few hundred this is meant for costs less than a tree's pointer chasing, and allocates nothing.
 */
final class SortedLongWindow
{
    private final int capacity;
    private final long[] arrivals;
    private final long[] sorted;
    private int head;
    private int size;

    SortedLongWindow(final int capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("window size must be positive: " + capacity);
        }
        this.capacity = capacity;
        arrivals = new long[capacity];
        sorted = new long[capacity];
    }

    /**
     * Add a value, dropping the oldest when N are held.
     */
    void add(final long value)
    {
        if (size == capacity)
        {
            final long oldest = arrivals[head];
            head = head + 1 == capacity ? 0 : head + 1;
            // Equal values are interchangeable, so any index holding the oldest value will do.
            final int index = Arrays.binarySearch(sorted, 0, size, oldest);
            System.arraycopy(sorted, index + 1, sorted, index, size - index - 1);
            size--;
        }
        final int found = Arrays.binarySearch(sorted, 0, size, value);
        final int index = found < 0 ? -found - 1 : found;
        System.arraycopy(sorted, index, sorted, index + 1, size - index);
        sorted[index] = value;
        final int tail = head + size;
        arrivals[tail >= capacity ? tail - capacity : tail] = value;
        size++;
    }

    void clear()
    {
        head = 0;
        size = 0;
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return capacity;
    }

    /**
     * @param rank 0 for the smallest value held.
     */
    long sorted(final int rank)
    {
        return sorted[rank];
    }
}
