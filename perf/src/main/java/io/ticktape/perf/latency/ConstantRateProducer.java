package io.ticktape.perf.latency;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends events into a hop on a fixed schedule: event {@code i} is due at {@code startNs + i / rate} seconds
 * (in exact integer steps, no drift), and the producer spins until it is due. It is stamped with that intended
 * time, not the time it actually went, so that when the hop (or the producer) falls behind, the wait counts in
 * every late event's latency: coordinated omission is corrected by construction. When the hop cannot take the
 * offered rate the producer falls further and further behind, and the latencies show it.
 */
final class ConstantRateProducer implements Runnable
{
    private static final long PROGRESS_MASK = 1023;

    private final Hop hop;
    private final long rate;
    private final long totalEvents;
    private final long warmupEvents;
    private final long startNs;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopped;
    private long maxBehindNs;
    private long allocatedBytes = -1;

    /**
     * @param hop          where events go.
     * @param rate         events per second.
     * @param totalEvents  events to send.
     * @param warmupEvents events before the measured ones.
     * @param startNs      when event 0 is due (nanoTime).
     */
    ConstantRateProducer(
        final Hop hop, final long rate, final long totalEvents, final long warmupEvents, final long startNs)
    {
        this.hop = hop;
        this.rate = rate;
        this.totalEvents = totalEvents;
        this.warmupEvents = warmupEvents;
        this.startNs = startNs;
    }

    @Override
    public void run()
    {
        final Hop hop = this.hop;
        final long rate = this.rate;
        final long second = TimeUnit.SECONDS.toNanos(1);
        final long periodNs = second / rate;
        final long remainder = second % rate;
        long carry = 0;
        long intendedNs = startNs;
        long maxBehindNs = 0;
        long allocatedAtStart = -1;
        for (long i = 0; i < totalEvents; i++)
        {
            if (0 == (i & PROGRESS_MASK))
            {
                sent.lazySet(i);
                if (stopped)
                {
                    return;
                }
            }
            long nowNs = System.nanoTime();
            while (nowNs < intendedNs)
            {
                Thread.onSpinWait();
                nowNs = System.nanoTime();
            }
            if (i >= warmupEvents)
            {
                if (i == warmupEvents)
                {
                    allocatedAtStart = HarnessThreads.allocatedBytes();
                }
                maxBehindNs = Math.max(maxBehindNs, nowNs - intendedNs);
            }
            hop.publish(i, intendedNs);
            intendedNs += periodNs;
            carry += remainder;
            if (carry >= rate)
            {
                carry -= rate;
                intendedNs++;
            }
        }
        sent.lazySet(totalEvents);
        this.maxBehindNs = maxBehindNs;
        allocatedBytes = allocatedAtStart < 0 ? -1 : HarnessThreads.allocatedBytes() - allocatedAtStart;
    }

    /**
     * Stop sending, at the next event checked; for a run being abandoned.
     */
    void stop()
    {
        stopped = true;
    }

    /**
     * @return events sent: exact once the producer thread has ended, to within {@value #PROGRESS_MASK} + 1 before.
     */
    long sent()
    {
        return sent.get();
    }

    /**
     * @return the furthest behind schedule a measured event was when the producer got to it.
     */
    long maxBehindNs()
    {
        return maxBehindNs;
    }

    /**
     * @return bytes the producer thread allocated while sending the measured events, or -1 if unknown.
     */
    long measuredAllocatedBytes()
    {
        return allocatedBytes;
    }
}
