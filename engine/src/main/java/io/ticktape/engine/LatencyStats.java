package io.ticktape.engine;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.ArrayList;
import java.util.List;

/**
 * Latency of one pipeline stage. The stage's thread records into a {@link SingleWriterRecorder}; reader threads
 * take interval histograms (the per-second line, the dashboard) and the run's total accumulates.
 * <p>
 * A recorder hands each recorded value to exactly one interval, so two readers taking intervals from it would
 * each see only part of the data. Readers therefore drain the recorder under this object's lock into every
 * reader's own pending histogram: the default reader ({@link #sampleInterval()}) and any {@link Tap}.
 */
public final class LatencyStats
{
    private static final int SIGNIFICANT_DIGITS = 3;

    private final long highestTrackableNs;
    private final SingleWriterRecorder recorder;
    private final Histogram total;
    private final Histogram pending;
    private final List<Tap> taps = new ArrayList<>();
    private Histogram recorded;
    private Histogram interval;

    /**
     * @param highestTrackableNs longest latency recorded without clamping.
     */
    public LatencyStats(final long highestTrackableNs)
    {
        this.highestTrackableNs = highestTrackableNs;
        recorder = new SingleWriterRecorder(1, highestTrackableNs, SIGNIFICANT_DIGITS);
        total = newHistogram();
        pending = newHistogram();
        interval = newHistogram();
    }

    /**
     * @return the recorder the stage writes to.
     */
    public SingleWriterRecorder recorder()
    {
        return recorder;
    }

    /**
     * Record one latency from the stage's thread, clamped to [0, highest trackable]. Allocation free.
     *
     * @param latencyNs the stage's latency.
     */
    public void record(final long latencyNs)
    {
        recorder.recordValue(latencyNs < 0 ? 0 : Math.min(latencyNs, highestTrackableNs));
    }

    /**
     * @return longest latency recorded without clamping.
     */
    public long highestTrackableNs()
    {
        return highestTrackableNs;
    }

    /**
     * Take the values recorded since the last call (by this reader); also adds them to the total.
     *
     * @return the interval histogram, reused by the next call.
     */
    public synchronized Histogram sampleInterval()
    {
        drain();
        interval.reset();
        interval.add(pending);
        pending.reset();
        return interval;
    }

    /**
     * Another reader with intervals of its own (control path).
     *
     * @return a tap that sees every value recorded from now on.
     */
    public synchronized Tap newTap()
    {
        final Tap tap = new Tap();
        taps.add(tap);
        return tap;
    }

    /**
     * Forget the total so far (the end of a warm-up); intervals go on.
     */
    public synchronized void resetTotal()
    {
        total.reset();
    }

    /**
     * @return everything recorded up to the last interval taken by any reader.
     */
    public synchronized Histogram total()
    {
        return total.copy();
    }

    private void drain()
    {
        recorded = recorder.getIntervalHistogram(recorded);
        if (recorded.getTotalCount() == 0)
        {
            return;
        }
        total.add(recorded);
        pending.add(recorded);
        for (int i = 0; i < taps.size(); i++)
        {
            taps.get(i).pending.add(recorded);
        }
    }

    private Histogram newHistogram()
    {
        return new Histogram(1, highestTrackableNs, SIGNIFICANT_DIGITS);
    }

    /**
     * A reader's own view of the intervals.
     */
    public final class Tap
    {
        private final Histogram pending = newHistogram();

        private Tap()
        {
        }

        /**
         * Move the values recorded since this tap's last sample into {@code into}.
         *
         * @param into reset, then filled.
         */
        public void sample(final Histogram into)
        {
            synchronized (LatencyStats.this)
            {
                drain();
                into.reset();
                into.add(pending);
                pending.reset();
            }
        }

        /**
         * @return a histogram that fits this tap's values.
         */
        public Histogram newHistogram()
        {
            return LatencyStats.this.newHistogram();
        }
    }
}
