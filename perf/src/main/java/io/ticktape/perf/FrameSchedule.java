package io.ticktape.perf;

import io.ticktape.feed.ticktape.TicktapeFeedDecoder;

/**
 * A constant-rate schedule over a {@link FrameTape}, for the latency harness's producers: frame {@code i} is due when
 * the ticks before it, at {@code rate} ticks a second, have had their time (whole nanoseconds plus a carried
 * remainder, so the rate stays exact over any run), and the tape is lapped when it runs out. It also keeps how far
 * behind schedule the producer got, and says when that is too far for the rate to count as sustainable.
 */
final class FrameSchedule
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final FrameTape tape;
    private final long rate;
    private final long startNs;
    private final long giveUpBehindNs;
    private long offsetNs;
    private long carry;
    private int frame;
    private long maxBehindNs;

    /**
     * @param tape           the frames, lapped as often as needed.
     * @param rate           ticks per second.
     * @param startNs        when the first frame is due (nanoTime).
     * @param giveUpBehindNs how far behind schedule is too far.
     */
    FrameSchedule(final FrameTape tape, final long rate, final long startNs, final long giveUpBehindNs)
    {
        this.tape = tape;
        this.rate = rate;
        this.startNs = startNs;
        this.giveUpBehindNs = giveUpBehindNs;
    }

    /**
     * @return when the next frame is due (nanoTime).
     */
    long dueNs()
    {
        return startNs + offsetNs;
    }

    /**
     * Note when the next frame is actually going.
     *
     * @param nowNs now, at or after {@link #dueNs()}.
     * @return false if that is more than the give-up distance behind schedule: stop.
     */
    boolean keepingUp(final long nowNs)
    {
        final long behindNs = nowNs - dueNs();
        if (behindNs > maxBehindNs)
        {
            maxBehindNs = behindNs;
            return behindNs <= giveUpBehindNs;
        }
        return true;
    }

    /**
     * Decode the next frame, stamped with its due time, and move the schedule on by the ticks it held.
     *
     * @param decoder to decode it.
     * @return ticks it delivered.
     */
    int sendNext(final TicktapeFeedDecoder decoder)
    {
        final int delivered = decoder.onFrame(tape.buffer(), tape.offset(frame), tape.length(frame), dueNs());
        final long units = delivered * NANOS_PER_SECOND + carry;
        offsetNs += units / rate;
        carry = units % rate;
        if (++frame == tape.frameCount())
        {
            frame = 0;
            tape.nextLap();
        }
        return delivered;
    }

    /**
     * @return frames sent in the current lap (for sparse progress updates).
     */
    int frameInLap()
    {
        return frame;
    }

    /**
     * @return the furthest behind schedule a frame went.
     */
    long maxBehindNs()
    {
        return maxBehindNs;
    }
}
