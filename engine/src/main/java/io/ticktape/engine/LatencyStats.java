package io.ticktape.engine;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Latency from frame receipt to kernel done. The kernel thread records into a {@link SingleWriterRecorder}; one
 * reader thread takes interval histograms (for the per-second line) and accumulates the run's total.
 */
public final class LatencyStats
{
    private static final int SIGNIFICANT_DIGITS = 3;

    private final SingleWriterRecorder recorder;
    private final Histogram total;
    private Histogram interval;

    /**
     * @param highestTrackableNs longest latency recorded without clamping.
     */
    public LatencyStats(final long highestTrackableNs)
    {
        recorder = new SingleWriterRecorder(1, highestTrackableNs, SIGNIFICANT_DIGITS);
        total = new Histogram(1, highestTrackableNs, SIGNIFICANT_DIGITS);
    }

    /**
     * @return the recorder the kernel writes to.
     */
    public SingleWriterRecorder recorder()
    {
        return recorder;
    }

    /**
     * Take the values recorded since the last call; also adds them to the total. Reader thread only.
     *
     * @return the interval histogram, reused by the next call.
     */
    public synchronized Histogram sampleInterval()
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /**
     * Forget the total so far (the end of a warm-up); intervals go on.
     */
    public synchronized void resetTotal()
    {
        total.reset();
    }

    /**
     * @return everything recorded up to the last {@link #sampleInterval()}.
     */
    public synchronized Histogram total()
    {
        return total.copy();
    }
}
