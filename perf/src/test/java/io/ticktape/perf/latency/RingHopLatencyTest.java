package io.ticktape.perf.latency;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short, slow run of the harness end to end: no latency is asserted, only that both hops deliver every event in
 * order, that the harness says so, and that its histogram logs are readable by HdrHistogram's own reader.
 */
class RingHopLatencyTest
{
    private static final int RATE = 20_000;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldDeliverEveryEventInOrderAndWriteReadableLogsWhenRunBriefly() throws Exception
    {
        final Path hlog = dir.resolve("hop.hlog");
        final int status = RingHopLatency.run(
            new String[] { "--rate", String.valueOf(RATE), "--warmup", "100ms", "--duration", "300ms",
                "--ring-size", "256", "--hlog", hlog.toString() },
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        final String report = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(report)
            .contains("checks: OK")
            .contains("disruptor: sent 8,000, received 8,000, out of order 0, measured 6,000")
            .contains("abq:      sent 8,000, received 8,000, out of order 0, measured 6,000")
            .contains("p99.99")
            .contains("abq/disruptor");
        assertThat(measuredCount(dir.resolve("hop.disruptor.hlog"))).isEqualTo(6_000);
        assertThat(measuredCount(dir.resolve("hop.abq.hlog"))).isEqualTo(6_000);
    }

    private static long measuredCount(final Path file) throws Exception
    {
        long count = 0;
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile()))
        {
            for (EncodableHistogram histogram = reader.nextIntervalHistogram(); null != histogram;
                histogram = reader.nextIntervalHistogram())
            {
                count += ((org.HdrHistogram.Histogram)histogram).getTotalCount();
            }
        }
        return count;
    }
}
