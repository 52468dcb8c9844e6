package io.ticktape.feed.pcap;

/**
 * Paces the replay of a capture: says when each packet is due, relative to the first packet's timestamp, either
 * at once (as fast as possible) or at the captured pace scaled by a speed factor. Allocation-free.
 * <p>
 * Used from a duty cycle, {@link #poll} delivers what is due at the caller's clock reading and leaves the rest:
 * <pre>{@code
 *   public int doWork()
 *   {
 *       return replay.poll(reader, handler, clock.nanoTime(), 64);
 *   }
 * }</pre>
 * Capture timestamps may step back a little (ports merged into one file); such a packet is due at once, in file
 * order. A packet timestamped long after the one before it is due that much later: captures with clock jumps
 * replay with a pause at realtime pace.
 */
public final class PcapReplay
{
    private final double speed;
    private boolean started;
    private boolean clockStarted;
    private long firstTimestampNs;
    private long startNs;

    private PcapReplay(final double speed)
    {
        this.speed = speed;
    }

    /**
     * @return a pace at which every packet is due at once.
     */
    public static PcapReplay asFastAsPossible()
    {
        return new PcapReplay(Double.POSITIVE_INFINITY);
    }

    /**
     * @param speed how many times faster than captured: 1 for the captured pace, 10 for ten times faster, 0.5 for
     *              half the pace.
     * @return a pace at which each packet is due at (its timestamp - the first packet's) / speed.
     * @throws IllegalArgumentException unless speed is positive; infinity means as fast as possible.
     */
    public static PcapReplay atSpeed(final double speed)
    {
        if (!(speed > 0))
        {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        return new PcapReplay(speed);
    }

    /**
     * @return the speed factor; infinity when as fast as possible.
     */
    public double speed()
    {
        return speed;
    }

    /**
     * When a packet is due, relative to the first packet. The first call fixes the first packet's timestamp.
     *
     * @param timestampNs the packet's capture timestamp, epoch nanoseconds.
     * @return nanoseconds after the first packet's due time, never negative.
     */
    public long dueOffsetNs(final long timestampNs)
    {
        if (!started)
        {
            started = true;
            firstTimestampNs = timestampNs;
        }
        final long capturedOffsetNs = timestampNs - firstTimestampNs;
        if (capturedOffsetNs <= 0 || Double.POSITIVE_INFINITY == speed)
        {
            return 0;
        }
        return 1.0 == speed ? capturedOffsetNs : (long)(capturedOffsetNs / speed);
    }

    /**
     * Deliver the packets that are due. The first call delivers the first packet and fixes the start: the first
     * packet is due at that call's {@code nowNs}.
     *
     * @param reader  to read packets from.
     * @param handler receives the packets.
     * @param nowNs   the caller's clock, in nanoseconds of any fixed origin (e.g. {@link System#nanoTime()}).
     * @param limit   most packets to deliver.
     * @return packets delivered.
     */
    public int poll(final PcapReader reader, final PacketHandler handler, final long nowNs, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && !reader.isDone())
        {
            if (!clockStarted)
            {
                clockStarted = true;
                startNs = nowNs;
            }
            final long dueNs = startNs + dueOffsetNs(reader.peekTimestampNs());
            if (dueNs - nowNs > 0)
            {
                break;
            }
            delivered += reader.poll(handler, 1);
        }
        return delivered;
    }

    /**
     * When the next packet is due on the caller's clock, to sleep until then.
     *
     * @param reader the reader {@link #poll} reads from.
     * @param nowNs  the caller's clock, used as the start when nothing was delivered yet.
     * @return the clock reading at which the next packet is due; {@code nowNs} if it is due or the reader is done.
     */
    public long nextDueNs(final PcapReader reader, final long nowNs)
    {
        if (!clockStarted || reader.isDone())
        {
            return nowNs;
        }
        final long dueNs = startNs + dueOffsetNs(reader.peekTimestampNs());
        return dueNs - nowNs > 0 ? dueNs : nowNs;
    }

    /**
     * Forget the first packet, to replay another capture or the same one again.
     */
    public void reset()
    {
        started = false;
        clockStarted = false;
        firstTimestampNs = 0;
        startNs = 0;
    }
}
