package io.ticktape.perf;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code bin/ticktape bench latency}: the whole pipeline (decode, sequencer, hand-off, kernel, journal, Aeron
 * publisher; see {@link LatencyPipeline}) at a constant offered rate, every stage timed from the intended send time
 * (coordinated-omission corrected) into HdrHistograms, percentile tables and one {@code .hlog} per stage and
 * variant. In the same run, the baselines: the same pipeline with {@link java.util.concurrent.ArrayBlockingQueue}
 * hand-offs, and QuestDB's embedded single-writer ingestion of the same ticks ({@link QuestDbIngest}); then the
 * highest sustainable rate of each ({@link RateSearch}). Options in {@link LatencyOptions}, tables and ratios in
 * {@link LatencyReport}.
 */
public final class PipelineLatency
{
    private static final long GIVE_UP_BEHIND_NS = TimeUnit.SECONDS.toNanos(5);

    private final LatencyOptions options = new LatencyOptions();
    private final RateSearch rateSearch;

    private PipelineLatency()
    {
        rateSearch = new RateSearch(options);
    }

    /**
     * Run the harness.
     *
     * @param args options (see {@link LatencyOptions#USAGE}).
     * @param out  for results.
     * @param err  for errors.
     * @return 0 when every check passed, 1 when one failed, 2 for bad arguments.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final PipelineLatency harness = new PipelineLatency();
        try
        {
            if (harness.options.parse(args))
            {
                out.println(LatencyOptions.USAGE);
                return 0;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ticktape bench latency: " + ex.getMessage());
            return 2;
        }
        try
        {
            return harness.run(out);
        }
        catch (final IOException ex)
        {
            err.println("ticktape bench latency: " + ex.getMessage());
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("ticktape bench latency: interrupted");
            return 1;
        }
    }


    private int run(final PrintStream out) throws IOException, InterruptedException
    {
        final boolean tempData = null == options.dataDir;
        final Path data = tempData ? Files.createTempDirectory("ticktape-latency") : options.dataDir;
        Files.createDirectories(options.hlogDir);
        out.printf(Locale.ROOT, "latency: %,d ticks/s offered for %.1f s after a %.1f s warm-up; kernel operators %s;" +
            " ring wait %s; producer pace %s; %d cores, %s %s; hlog files in %s%n", options.rate,
            options.durationNs / 1e9, options.warmupNs / 1e9, options.operators ? "on" : "off", options.wait,
            options.pace.name().toLowerCase(Locale.ROOT),
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
            System.getProperty("java.version"), options.hlogDir.toAbsolutePath().normalize());
        final List<String> failures = new ArrayList<>();
        final Map<String, Histogram[]> results = new LinkedHashMap<>();
        final Map<String, Long> maxRates = new LinkedHashMap<>();
        final String aeronDir = data.resolve("aeron").toString();
        try (MediaDriver driver = BenchDriver.launch(aeronDir, new BackoffIdleStrategy());
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ExclusivePublication ticks = aeron.addExclusivePublication("aeron:ipc", 1001);
            ExclusivePublication analytics = aeron.addExclusivePublication("aeron:ipc", 1002))
        {
            final List<LatencyPipeline.Handoff> handoffs = new ArrayList<>(List.of(LatencyPipeline.Handoff.DISRUPTOR));
            if (options.abq)
            {
                handoffs.add(LatencyPipeline.Handoff.QUEUE);
            }
            int runIndex = 0;
            // The kernel, journal and decoder code is shared: whichever pipeline ran first would also pay for its
            // JIT compilation. Every pipeline runs once, unmeasured, for the warm-up time before any measured run.
            if (options.warmupNs > 0)
            {
                for (final LatencyPipeline.Handoff handoff : handoffs)
                {
                    runPipeline(handoff, data.resolve("jit-" + runIndex++), ticks, analytics, options.rate,
                        options.warmupNs, TimeUnit.MILLISECONDS.toNanos(100), null, null);
                }
                out.printf(Locale.ROOT, "JIT warm-up: each pipeline ran %.1f s unmeasured%n", options.warmupNs / 1e9);
            }
            for (final LatencyPipeline.Handoff handoff : handoffs)
            {
                final String name = handoff == LatencyPipeline.Handoff.DISRUPTOR ? "disruptor" : "abq";
                final Run result = runPipeline(handoff, data.resolve("journal-" + runIndex++), ticks, analytics,
                    options.rate, options.warmupNs, options.durationNs, name, out);
                results.put(name, result.stages);
                failures.addAll(result.failures);
                LatencyReport.printTable(out, name + " (" + describe(handoff) + ", " + result.collections +
                    " GC collections while measured)", LatencyPipeline.STAGES, result.stages);
            }
            if (options.questdb)
            {
                final Run result = runQuestDb(data.resolve("questdb-" + runIndex++), options.rate, options.warmupNs,
                    options.durationNs, true);
                // QuestDB logs from its own thread as its engine closes: let that pass before the table.
                TimeUnit.MILLISECONDS.sleep(300);
                results.put("questdb", result.stages);
                failures.addAll(result.failures);
                LatencyReport.printTable(out, "questdb (embedded, one writer thread: decode + row append + commit, " +
                    result.collections + " GC collections while measured)", new String[]{ "ingested" },
                    result.stages);
            }
            LatencyReport.printRatios(out, results);
            if (options.findMax)
            {
                for (final LatencyPipeline.Handoff handoff : handoffs)
                {
                    final String name = handoff == LatencyPipeline.Handoff.DISRUPTOR ? "disruptor" : "abq";
                    final int[] index = { 0 };
                    maxRates.put(name, rateSearch.highest(out, name, (stepRate) ->
                    {
                        return runPipeline(handoff, data.resolve("step-" + name + "-" + index[0]++), ticks,
                            analytics, stepRate, Math.min(options.warmupNs, TimeUnit.SECONDS.toNanos(1)),
                            options.stepNs, null, null);
                    }));
                }
                if (options.questdb)
                {
                    final int[] index = { 0 };
                    maxRates.put("questdb", rateSearch.highest(out, "questdb", (stepRate) -> runQuestDb(
                        data.resolve("step-questdb-" + index[0]++), stepRate,
                        Math.min(options.warmupNs, TimeUnit.SECONDS.toNanos(1)), options.stepNs, false)));
                }
                out.println();
                out.printf(Locale.ROOT, "highest sustainable rate (p99 of every stage <= %s, every tick delivered):%n",
                    LatencyReport.micros(options.sloNs));
                final long disruptorMax = maxRates.getOrDefault("disruptor", 0L);
                for (final Map.Entry<String, Long> entry : maxRates.entrySet())
                {
                    out.printf(Locale.ROOT, "  %-10s %,14d ticks/s%s%n", entry.getKey(), entry.getValue(),
                        entry.getKey().equals("disruptor") || entry.getValue() == 0 ? "" :
                        String.format(Locale.ROOT, "   (disruptor / %s = %.2f)", entry.getKey(),
                            disruptorMax / (double)entry.getValue()));
                }
            }
        }
        finally
        {
            if (tempData)
            {
                IoUtil.delete(data.toFile(), true);
            }
        }
        out.printf(Locale.ROOT, "GC during the run: %s%n", LatencyReport.gcSummary());
        if (!failures.isEmpty())
        {
            out.println("checks: FAILED: " + String.join("; ", failures));
            return 1;
        }
        out.println("checks: OK (every tick sequenced reached the kernel, the journal and the publisher)");
        return 0;
    }

    private String describe(final LatencyPipeline.Handoff handoff)
    {
        return handoff == LatencyPipeline.Handoff.DISRUPTOR ? "Disruptor ring, " + options.wait + " wait" :
            "ArrayBlockingQueue per consumer, pooled ticks";
    }

    /** One run's per-stage totals and what went wrong. */
    static final class Run
    {
        final Histogram[] stages;
        final List<String> failures = new ArrayList<>();
        long ticks;
        long collections;

        Run(final int stages)
        {
            this.stages = new Histogram[stages];
            for (int i = 0; i < stages; i++)
            {
                this.stages[i] = new Histogram(1, LatencyPipeline.HIGHEST_NS, 3);
            }
        }
    }

    private Run runPipeline(
        final LatencyPipeline.Handoff handoff,
        final Path journalDir,
        final ExclusivePublication ticks,
        final ExclusivePublication analytics,
        final long runRate,
        final long runWarmupNs,
        final long runDurationNs,
        final String hlogName,
        final PrintStream progress) throws IOException, InterruptedException
    {
        final Run run = new Run(LatencyPipeline.STAGES.length);
        try (LatencyPipeline pipeline =
            new LatencyPipeline(handoff, journalDir, ticks, analytics, options.operators, options.wait))
        {
            final long total = ticksFor(runRate, runWarmupNs + runDurationNs);
            final long[] sent = { 0 };
            final Thread producer = new Thread(
                () -> sent[0] = pipeline.run(runRate, total, GIVE_UP_BEHIND_NS, options.pace), "bench-producer");
            measure(run, pipeline.recorders, producer, runWarmupNs, runDurationNs, hlogName, pipeline::sentSoFar,
                progress);
            final boolean drained = pipeline.awaitDrained(TimeUnit.SECONDS.toNanos(30));
            collectRemaining(run, pipeline.recorders);
            run.ticks = sent[0];
            if (sent[0] < total)
            {
                run.failures.add(String.format(Locale.ROOT, "%s at %,d/s: producer gave up %.1f s behind schedule",
                    handoff, runRate, pipeline.maxBehindNs() / 1e9));
            }
            final long sequenced = pipeline.sequenced();
            for (int c = 0; c < 3; c++)
            {
                if (!drained || pipeline.processed(c) != sequenced)
                {
                    run.failures.add(String.format(Locale.ROOT, "%s at %,d/s: consumer %d processed %,d of %,d",
                        handoff, runRate, c, pipeline.processed(c), sequenced));
                }
            }
            if (pipeline.counter("kernel.ticks") != sequenced || pipeline.counter("journal.ticks") != sequenced)
            {
                run.failures.add(String.format(Locale.ROOT, "%s: kernel saw %,d and journal wrote %,d of %,d ticks",
                    handoff, pipeline.counter("kernel.ticks"), pipeline.counter("journal.ticks"), sequenced));
            }
        }
        return run;
    }

    private Run runQuestDb(
        final Path dir, final long runRate, final long runWarmupNs, final long runDurationNs, final boolean main)
        throws IOException, InterruptedException
    {
        final Run run = new Run(1);
        try (QuestDbIngest ingest = new QuestDbIngest(dir))
        {
            final long total = ticksFor(runRate, runWarmupNs + runDurationNs);
            final long[] sent = { 0 };
            final Thread producer = new Thread(
                () -> sent[0] = ingest.run(runRate, total, GIVE_UP_BEHIND_NS, options.pace), "bench-questdb");
            measure(run, new SingleWriterRecorder[]{ ingest.recorder }, producer, runWarmupNs, runDurationNs,
                main ? "questdb" : null, ingest::sentSoFar, null);
            collectRemaining(run, new SingleWriterRecorder[]{ ingest.recorder });
            run.ticks = sent[0];
            if (sent[0] < total)
            {
                run.failures.add(String.format(Locale.ROOT, "questdb at %,d/s: gave up %.1f s behind schedule",
                    runRate, ingest.maxBehindNs() / 1e9));
            }
            if (ingest.committedRows() != ingest.rows())
            {
                run.failures.add(String.format(Locale.ROOT, "questdb: %,d rows written, %,d committed",
                    ingest.rows(), ingest.committedRows()));
            }
        }
        return run;
    }

    private static long ticksFor(final long rate, final long ns)
    {
        return Math.max(1, (long)(rate * (ns / 1e9)));
    }

    /**
     * Start the producer, discard the warm-up, then take an interval per stage each second into the totals and the
     * .hlog files until the producer is done.
     */
    private void measure(
        final Run run,
        final SingleWriterRecorder[] recorders,
        final Thread producer,
        final long runWarmupNs,
        final long runDurationNs,
        final String hlogName,
        final LongSupplier sent,
        final PrintStream progress) throws IOException, InterruptedException
    {
        final Histogram[] interval = new Histogram[recorders.length];
        final HistogramLogWriter[] logs = new HistogramLogWriter[recorders.length];
        final PrintStream[] files = new PrintStream[recorders.length];
        final String[] names = recorders.length == 1 ? new String[]{ "ingested" } : LatencyPipeline.STAGES;
        final long startMs = System.currentTimeMillis();
        if (null != hlogName)
        {
            for (int i = 0; i < recorders.length; i++)
            {
                final Path file = options.hlogDir.resolve(hlogName + "-" + names[i] + ".hlog");
                files[i] = new PrintStream(Files.newOutputStream(file), false, "US-ASCII");
                logs[i] = new HistogramLogWriter(files[i]);
                logs[i].outputComment("ticktape bench latency: " + hlogName + " stage " + names[i] +
                    ", ns from intended send time, rate " + options.rate + "/s");
                logs[i].outputLogFormatVersion();
                logs[i].outputStartTime(startMs);
                logs[i].setBaseTime(startMs);
                logs[i].outputLegend();
            }
        }
        try
        {
            // Set-up garbage (the pipeline, its tape, the last run) is collected now, not in the measured window.
            System.gc();
            long gcAtWarm = LatencyReport.gcCount();
            final long startNs = System.nanoTime();
            producer.start();
            boolean warm = runWarmupNs == 0;
            long nextNs = startNs + TimeUnit.SECONDS.toNanos(1);
            long lastSent = 0;
            while (producer.isAlive())
            {
                producer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextNs - System.nanoTime())));
                final long nowNs = System.nanoTime();
                if (!warm && nowNs - startNs >= runWarmupNs)
                {
                    warm = true;
                    gcAtWarm = LatencyReport.gcCount();
                    for (int i = 0; i < recorders.length; i++)
                    {
                        interval[i] = recorders[i].getIntervalHistogram(interval[i]); // warm-up: dropped
                    }
                }
                if (nowNs >= nextNs || !producer.isAlive())
                {
                    nextNs += TimeUnit.SECONDS.toNanos(1);
                    if (warm)
                    {
                        for (int i = 0; i < recorders.length; i++)
                        {
                            interval[i] = recorders[i].getIntervalHistogram(interval[i]);
                            run.stages[i].add(interval[i]);
                            if (null != logs[i])
                            {
                                logs[i].outputIntervalHistogram(interval[i]);
                            }
                        }
                    }
                    if (null != progress)
                    {
                        final long now = sent.getAsLong();
                        progress.printf(Locale.ROOT, "  [%s %3.0fs] %,12d ticks sent (%,.0f/s)%s%n", hlogName,
                            (nowNs - startNs) / 1e9, now, (double)(now - lastSent), warm ? "" : " warm-up");
                        lastSent = now;
                    }
                }
            }
            run.collections = LatencyReport.gcCount() - gcAtWarm;
        }
        finally
        {
            for (final PrintStream file : files)
            {
                if (null != file)
                {
                    file.close();
                }
            }
        }
    }

    private static void collectRemaining(final Run run, final SingleWriterRecorder[] recorders)
    {
        for (int i = 0; i < recorders.length; i++)
        {
            run.stages[i].add(recorders[i].getIntervalHistogram());
        }
    }
}
