package io.ticktape.perf;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The latency harness end to end at a rate any machine keeps, on its real parts (Disruptor, ArrayBlockingQueue
 * baseline, Chronicle Queue, Aeron, embedded QuestDB). Timing is not asserted; what is checked is that every tick
 * reached every stage, the tables are printed and the .hlog files are readable by HdrHistogram's own log reader
 * with as many values as the tables count.
 */
class PipelineLatencyTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldMeasureEveryStageOfBothHandoffsAndQuestDbAndWriteReadableHlogFiles() throws Exception
    {
        final Path hlogs = dir.resolve("hlog");
        final int status = run("latency", "--rate", "20000", "--duration", "2s", "--warmup", "500ms",
            "--find-max", "off", "--hlog-dir", hlogs.toString(), "--data-dir", dir.resolve("data").toString());
        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("checks: OK").contains("ratios abq / disruptor")
            .contains("ratios questdb ingested / ticktape stage");

        for (final String variant : new String[]{ "disruptor", "abq" })
        {
            for (final String stage : LatencyPipeline.STAGES)
            {
                final Histogram total = readAll(hlogs.resolve(variant + "-" + stage + ".hlog"));
                assertThat(total.getTotalCount()).as(variant + " " + stage).isPositive();
                assertThat(total.getMaxValue()).isLessThan(LatencyPipeline.HIGHEST_NS);
            }
        }
        assertThat(readAll(hlogs.resolve("questdb-ingested.hlog")).getTotalCount()).isPositive();
    }

    @Test
    void shouldRefuseBadOptionsWithOneLine()
    {
        assertThat(run("latency", "--rate", "-5")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).trim())
            .isEqualTo("ticktape bench latency: --rate must be a positive whole number: -5");
        err.reset();
        assertThat(run("latency", "--baselines", "kafka")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).trim())
            .isEqualTo("ticktape bench latency: --baselines takes abq, questdb or none: kafka");
        err.reset();
        assertThat(run("latency", "--pace", "sleep")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).trim())
            .isEqualTo("ticktape bench latency: --pace takes spin or yield: sleep");
        assertThat(run("latency", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: ticktape bench latency");
    }

    private static Histogram readAll(final Path file) throws Exception
    {
        final Histogram total = new Histogram(1, LatencyPipeline.HIGHEST_NS, 3);
        final HistogramLogReader reader = new HistogramLogReader(file.toFile());
        EncodableHistogram interval;
        int intervals = 0;
        while (null != (interval = reader.nextIntervalHistogram()))
        {
            total.add((Histogram)interval);
            intervals++;
        }
        assertThat(intervals).as(file.toString()).isPositive();
        return total;
    }
}
