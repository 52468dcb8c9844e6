package io.ticktape.engine;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyStatsTest
{
    @Test
    void shouldGiveEveryReaderEveryValueWhileAWriterRecords() throws Exception
    {
        final LatencyStats stats = new LatencyStats(1_000_000_000L);
        final LatencyStats.Tap tap = stats.newTap();
        final Histogram fromTap = tap.newHistogram();
        final Histogram tapTotal = tap.newHistogram();
        final Histogram defaultTotal = new Histogram(1, 1_000_000_000L, 3);
        final Histogram expected = new Histogram(1, 1_000_000_000L, 3);
        final long[] values = new SplittableRandom(7).longs(200_000, 0, 5_000_000).toArray();
        final AtomicBoolean done = new AtomicBoolean();
        final Thread writer = new Thread(() ->
        {
            for (final long value : values)
            {
                stats.record(value);
            }
            done.set(true);
        });
        for (final long value : values)
        {
            expected.recordValue(value);
        }
        writer.start();
        // Both readers take intervals at their own pace while the writer records: neither may steal from the other.
        while (!done.get())
        {
            defaultTotal.add(stats.sampleInterval());
            tap.sample(fromTap);
            tapTotal.add(fromTap);
        }
        writer.join();
        defaultTotal.add(stats.sampleInterval());
        tap.sample(fromTap);
        tapTotal.add(fromTap);

        assertThat(defaultTotal).isEqualTo(expected);
        assertThat(tapTotal).isEqualTo(expected);
        assertThat(stats.total()).isEqualTo(expected);
    }

    @Test
    void shouldClampValuesOutsideTheTrackableRange()
    {
        final LatencyStats stats = new LatencyStats(1_000_000L);
        stats.record(-5);
        stats.record(5_000_000);
        final Histogram interval = stats.sampleInterval();
        assertThat(interval.getTotalCount()).isEqualTo(2);
        assertThat(interval.getMinValue()).isZero();
        assertThat(interval.getMaxValue()).isGreaterThanOrEqualTo(1_000_000L).isLessThan(1_001_000L);
    }
}
