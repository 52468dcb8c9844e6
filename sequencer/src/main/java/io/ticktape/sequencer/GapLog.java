package io.ticktape.sequencer;

/**
 * The first gaps declared, per channel, for end-of-run summaries. Bounded and preallocated: a storm of gaps keeps
 * the first {@code capacity} ranges and counts the rest.
 */
public final class GapLog
{
    private final int[] channel;
    private final long[] from;
    private final long[] to;
    private int size;
    private long dropped;

    GapLog(final int capacity)
    {
        channel = new int[capacity];
        from = new long[capacity];
        to = new long[capacity];
    }

    void record(final int channelId, final long fromLineSeq, final long toLineSeq)
    {
        if (size == channel.length)
        {
            dropped++;
            return;
        }
        channel[size] = channelId;
        from[size] = fromLineSeq;
        to[size] = toLineSeq;
        size++;
    }

    /**
     * @return gaps recorded.
     */
    public int size()
    {
        return size;
    }

    /**
     * @param index of a gap, below {@link #size()}.
     * @return its channel.
     */
    public int channel(final int index)
    {
        return channel[index];
    }

    /**
     * @param index of a gap.
     * @return first missing line sequence number.
     */
    public long from(final int index)
    {
        return from[index];
    }

    /**
     * @param index of a gap.
     * @return last missing line sequence number.
     */
    public long to(final int index)
    {
        return to[index];
    }

    /**
     * @return gaps not recorded because the log was full.
     */
    public long dropped()
    {
        return dropped;
    }
}
