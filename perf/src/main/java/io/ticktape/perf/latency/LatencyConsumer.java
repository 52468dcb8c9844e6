package io.ticktape.perf.latency;

import io.ticktape.protocol.tick.Tick;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer's side of a hop: for each event, latency from its intended send time to now, recorded into the
 * warm-up or the measured recorder by the event's number, and a check that events arrive one after the other.
 * Written by the consumer thread only; the recorders are read by the reporting thread.
 */
final class LatencyConsumer
{
    /** Longest latency recorded; anything longer is recorded as this. */
    static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);
    static final int SIGNIFICANT_DIGITS = 3;

    final SingleWriterRecorder warmup = new SingleWriterRecorder(1, HIGHEST_NS, SIGNIFICANT_DIGITS);
    final SingleWriterRecorder measured = new SingleWriterRecorder(1, HIGHEST_NS, SIGNIFICANT_DIGITS);

    private final long warmupEvents;
    private final long lastIndex;
    private final AtomicLong received = new AtomicLong();
    private long count;
    private long expectedIndex;
    private long outOfOrder;
    private long allocatedAtStartBytes = -1;
    private long allocatedAtEndBytes = -1;

    /**
     * @param warmupEvents events numbered below this are warm-up.
     * @param totalEvents  events the producer sends.
     */
    LatencyConsumer(final long warmupEvents, final long totalEvents)
    {
        this.warmupEvents = warmupEvents;
        this.lastIndex = totalEvents - 1;
    }

    /**
     * One event taken from the hop.
     *
     * @param tick the event, numbered in {@link Tick#globalSeq}, its intended send time in {@link Tick#receiveNs}.
     */
    void onEvent(final Tick tick)
    {
        final long nowNs = System.nanoTime();
        final long index = tick.globalSeq;
        final long latencyNs = Math.max(0, Math.min(nowNs - tick.receiveNs, HIGHEST_NS));
        if (index != expectedIndex)
        {
            outOfOrder++;
        }
        expectedIndex = index + 1;
        if (index < warmupEvents)
        {
            warmup.recordValue(latencyNs);
        }
        else
        {
            if (index == warmupEvents)
            {
                allocatedAtStartBytes = HarnessThreads.allocatedBytes();
            }
            measured.recordValue(latencyNs);
            if (index == lastIndex)
            {
                allocatedAtEndBytes = HarnessThreads.allocatedBytes();
            }
        }
        // An ordered store: the reporting thread polls it, and a full fence per event would be measured too.
        received.lazySet(++count);
    }

    /**
     * @return events consumed so far (any thread).
     */
    long received()
    {
        return received.get();
    }

    /**
     * @return events that did not carry the number after the previous one's (read after the consumer ended).
     */
    long outOfOrder()
    {
        return outOfOrder;
    }

    /**
     * @return bytes the consumer thread allocated from the first measured event to the last, or -1 if unknown.
     */
    long measuredAllocatedBytes()
    {
        return allocatedAtStartBytes < 0 || allocatedAtEndBytes < 0 ? -1 : allocatedAtEndBytes - allocatedAtStartBytes;
    }
}
