package io.ticktape.perf;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.protocol.Durations;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
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
 * highest sustainable rate of each, found by stepping the rate up (doubling, then halving the interval between the
 * last rate that held and the first that did not) with short runs, a rate holding when every tick reached every
 * consumer and every stage's p99 stayed within {@code --slo}.
 */
public final class PipelineLatency
{
    static final String USAGE = String.join(System.lineSeparator(),
        "usage: ticktape bench latency [--rate N] [--duration 60s] [--warmup 5s] [--baselines abq,questdb|none]",
        "                              [--find-max on|off] [--step 3s] [--slo 1ms] [--max-rate N]",
        "                              [--operators on|off] [--wait yielding|busy-spin|sleeping|blocking]",
        "                              [--pace yield|spin]",
        "                              [--hlog-dir DIR] [--data-dir DIR]",
        "  --rate N        ticks per second offered, constant (default 1000000)",
        "  --duration D    measured time at --rate, after --warmup (default 60s, warm-up 5s)",
        "  --baselines L   abq (ArrayBlockingQueue hand-offs), questdb (embedded QuestDB ingestion), both or none",
        "  --find-max      step the rate to find the highest sustainable one (default on); --step: each step's",
        "                  measured time; --slo: the p99 every stage must keep; --max-rate: the highest rate tried",
        "  --operators     the kernel's per-instrument operators (default on, as in the engine)",
        "  --wait W        the Disruptor consumers' wait strategy (default yielding, the default profile's)",
        "  --pace P        how the producer waits for a frame to be due: yield (default, as the default profile's",
        "                  feed thread idles) or spin (never gives its core up: for a machine with a core per thread)",
        "  --hlog-dir DIR  where the .hlog files go (default ./latency-hlog); --data-dir: journal and QuestDB",
        "                  files (default a temp dir, deleted at the end)");
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99 };
    private static final String[] PERCENTILE_NAMES = { "p50", "p90", "p99", "p99.9", "p99.99" };
    private static final long GIVE_UP_BEHIND_NS = TimeUnit.SECONDS.toNanos(5);
    private static final long START_RATE = 125_000;
    private static final long MIN_RATE = 1_000;

    private long rate = 1_000_000;
    private long durationNs = TimeUnit.SECONDS.toNanos(60);
    private long warmupNs = TimeUnit.SECONDS.toNanos(5);
    private boolean abq = true;
    private boolean questdb = true;
    private boolean findMax = true;
    private long stepNs = TimeUnit.SECONDS.toNanos(3);
    private long sloNs = TimeUnit.MILLISECONDS.toNanos(1);
    private long maxRate = 64_000_000;
    private boolean operators = true;
    private String wait = "yielding";
    private Pace pace = Pace.YIELD;
    private Path hlogDir = Path.of("latency-hlog");
    private Path dataDir;

    private PipelineLatency()
    {
    }

    /**
     * Run the harness.
     *
     * @param args options (see {@link #USAGE}).
     * @param out  for results.
     * @param err  for errors.
     * @return 0 when every check passed, 1 when one failed, 2 for bad arguments.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final PipelineLatency harness = new PipelineLatency();
        try
        {
            if (harness.parse(args))
            {
                out.println(USAGE);
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

    boolean parse(final String[] args)
    {
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                return true;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("missing value for " + arg + " (see --help)");
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--rate":
                    rate = positive(arg, value);
                    break;
                case "--duration":
                    durationNs = duration(arg, value, 1);
                    break;
                case "--warmup":
                    warmupNs = duration(arg, value, 0);
                    break;
                case "--baselines":
                    abq = false;
                    questdb = false;
                    for (final String name : value.split(","))
                    {
                        switch (name.trim())
                        {
                            case "abq":
                                abq = true;
                                break;
                            case "questdb":
                                questdb = true;
                                break;
                            case "none":
                                break;
                            default:
                                throw new IllegalArgumentException("--baselines takes abq, questdb or none: " + name);
                        }
                    }
                    break;
                case "--find-max":
                    findMax = onOff(arg, value);
                    break;
                case "--step":
                    stepNs = duration(arg, value, 1);
                    break;
                case "--slo":
                    sloNs = duration(arg, value, 1);
                    break;
                case "--max-rate":
                    maxRate = positive(arg, value);
                    break;
                case "--operators":
                    operators = onOff(arg, value);
                    break;
                case "--wait":
                    io.ticktape.sequencer.WaitStrategies.of(value);
                    wait = value;
                    break;
                case "--pace":
                    pace = Pace.of(value);
                    break;
                case "--hlog-dir":
                    hlogDir = Path.of(value);
                    break;
                case "--data-dir":
                    dataDir = Path.of(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg + " (see --help)");
            }
        }
        return false;
    }

    private static long positive(final String option, final String value)
    {
        try
        {
            final long parsed = Long.parseLong(value.replace("_", ""));
            if (parsed <= 0)
            {
                throw new IllegalArgumentException(option + " must be positive: " + value);
            }
            return parsed;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " must be a number: " + value);
        }
    }

    private static long duration(final String option, final String value, final long minNs)
    {
        final long ns = Durations.parseNs(value);
        if (ns < minNs)
        {
            throw new IllegalArgumentException(option + " is too short: " + value);
        }
        return ns;
    }

    private static boolean onOff(final String option, final String value)
    {
        if ("on".equals(value) || "true".equals(value))
        {
            return true;
        }
        if ("off".equals(value) || "false".equals(value))
        {
            return false;
        }
        throw new IllegalArgumentException(option + " takes on or off: " + value);
    }

    private int run(final PrintStream out) throws IOException, InterruptedException
    {
        final boolean tempData = null == dataDir;
        final Path data = tempData ? Files.createTempDirectory("ticktape-latency") : dataDir;
        Files.createDirectories(hlogDir);
        out.printf(Locale.ROOT, "latency: %,d ticks/s offered for %.1f s after a %.1f s warm-up; kernel operators %s;" +
            " ring wait %s; producer pace %s; %d cores, %s %s; hlog files in %s%n", rate, durationNs / 1e9,
            warmupNs / 1e9, operators ? "on" : "off", wait, pace.name().toLowerCase(Locale.ROOT),
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
            System.getProperty("java.version"), hlogDir.toAbsolutePath().normalize());
        final List<String> failures = new ArrayList<>();
        final Map<String, Histogram[]> results = new LinkedHashMap<>();
        final Map<String, Long> maxRates = new LinkedHashMap<>();
        final String aeronDir = data.resolve("aeron").toString();
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(aeronDir)
                .threadingMode(ThreadingMode.SHARED).sharedIdleStrategy(new BackoffIdleStrategy())
                .dirDeleteOnStart(true).dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ExclusivePublication ticks = aeron.addExclusivePublication("aeron:ipc", 1001);
            ExclusivePublication analytics = aeron.addExclusivePublication("aeron:ipc", 1002))
        {
            final List<LatencyPipeline.Handoff> handoffs = new ArrayList<>(List.of(LatencyPipeline.Handoff.DISRUPTOR));
            if (abq)
            {
                handoffs.add(LatencyPipeline.Handoff.QUEUE);
            }
            int runIndex = 0;
            // The kernel, journal and decoder code is shared: whichever pipeline ran first would also pay for its
            // JIT compilation. Every pipeline runs once, unmeasured, for the warm-up time before any measured run.
            if (warmupNs > 0)
            {
                for (final LatencyPipeline.Handoff handoff : handoffs)
                {
                    runPipeline(handoff, data.resolve("jit-" + runIndex++), ticks, analytics, rate, warmupNs,
                        TimeUnit.MILLISECONDS.toNanos(100), null, null);
                }
                out.printf(Locale.ROOT, "JIT warm-up: each pipeline ran %.1f s unmeasured%n", warmupNs / 1e9);
            }
            for (final LatencyPipeline.Handoff handoff : handoffs)
            {
                final String name = handoff == LatencyPipeline.Handoff.DISRUPTOR ? "disruptor" : "abq";
                final Run result = runPipeline(handoff, data.resolve("journal-" + runIndex++), ticks, analytics, rate,
                    warmupNs, durationNs, name, out);
                results.put(name, result.stages);
                failures.addAll(result.failures);
                printTable(out, name + " (" + describe(handoff) + ", " + result.collections +
                    " GC collections while measured)", LatencyPipeline.STAGES, result.stages);
            }
            if (questdb)
            {
                final Run result = runQuestDb(data.resolve("questdb-" + runIndex++), rate, warmupNs, durationNs, true);
                // QuestDB logs from its own thread as its engine closes: let that pass before the table.
                TimeUnit.MILLISECONDS.sleep(300);
                results.put("questdb", result.stages);
                failures.addAll(result.failures);
                printTable(out, "questdb (embedded, one writer thread: decode + row append + commit, " +
                    result.collections + " GC collections while measured)", new String[]{ "ingested" },
                    result.stages);
            }
            printRatios(out, results);
            if (findMax)
            {
                for (final LatencyPipeline.Handoff handoff : handoffs)
                {
                    final String name = handoff == LatencyPipeline.Handoff.DISRUPTOR ? "disruptor" : "abq";
                    final int[] index = { 0 };
                    maxRates.put(name, findMax(out, name, (stepRate) ->
                    {
                        final Run run = runPipeline(handoff, data.resolve("step-" + name + "-" + index[0]++), ticks,
                            analytics, stepRate, Math.min(warmupNs, TimeUnit.SECONDS.toNanos(1)), stepNs, null, null);
                        return run;
                    }));
                }
                if (questdb)
                {
                    final int[] index = { 0 };
                    maxRates.put("questdb", findMax(out, "questdb", (stepRate) -> runQuestDb(
                        data.resolve("step-questdb-" + index[0]++), stepRate,
                        Math.min(warmupNs, TimeUnit.SECONDS.toNanos(1)), stepNs, false)));
                }
                out.println();
                out.printf(Locale.ROOT, "highest sustainable rate (p99 of every stage <= %s, every tick delivered):%n",
                    micros(sloNs));
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
        out.printf(Locale.ROOT, "GC during the run: %s%n", gcSummary());
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
        return handoff == LatencyPipeline.Handoff.DISRUPTOR ? "Disruptor ring, " + wait + " wait" :
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
        try (LatencyPipeline pipeline = new LatencyPipeline(handoff, journalDir, ticks, analytics, operators, wait))
        {
            final long total = ticksFor(runRate, runWarmupNs + runDurationNs);
            final long[] sent = { 0 };
            final Thread producer = new Thread(() -> sent[0] = pipeline.run(runRate, total, GIVE_UP_BEHIND_NS, pace),
                "bench-producer");
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
            final Thread producer = new Thread(() -> sent[0] = ingest.run(runRate, total, GIVE_UP_BEHIND_NS, pace),
                "bench-questdb");
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
                files[i] = new PrintStream(Files.newOutputStream(hlogDir.resolve(hlogName + "-" + names[i] + ".hlog")),
                    false, "US-ASCII");
                logs[i] = new HistogramLogWriter(files[i]);
                logs[i].outputComment("ticktape bench latency: " + hlogName + " stage " + names[i] +
                    ", ns from intended send time, rate " + rate + "/s");
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
            long gcAtWarm = gcCount();
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
                    gcAtWarm = gcCount();
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
            run.collections = gcCount() - gcAtWarm;
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

    /** Runs one step at a rate. */
    @FunctionalInterface
    interface Step
    {
        Run run(long rate) throws IOException, InterruptedException;
    }

    private long findMax(final PrintStream out, final String name, final Step step)
        throws IOException, InterruptedException
    {
        out.printf(Locale.ROOT, "%nfinding the highest sustainable rate: %s (steps of %.1f s)%n", name, stepNs / 1e9);
        long good = 0;
        long bad = 0;
        long tryRate = Math.min(START_RATE, maxRate);
        // Up by doubling while the rate holds; if the first does not, down by halving until one does.
        while (tryRate <= maxRate && tryRate >= MIN_RATE)
        {
            if (holds(out, name, step, tryRate))
            {
                good = tryRate;
                if (bad > 0)
                {
                    break;
                }
                tryRate *= 2;
            }
            else
            {
                bad = tryRate;
                if (good > 0)
                {
                    break;
                }
                tryRate /= 2;
            }
        }
        // Two halvings between the last rate that held and the first that did not.
        for (int i = 0; i < 2 && good > 0 && bad > 0 && bad - good > good / 8; i++)
        {
            final long middle = (good + bad) / 2;
            if (holds(out, name, step, middle))
            {
                good = middle;
            }
            else
            {
                bad = middle;
            }
        }
        return good;
    }

    private boolean holds(final PrintStream out, final String name, final Step step, final long stepRate)
        throws IOException, InterruptedException
    {
        final Run run = step.run(stepRate);
        long worstP99 = 0;
        for (final Histogram stage : run.stages)
        {
            worstP99 = Math.max(worstP99, stage.getValueAtPercentile(99));
        }
        final boolean holds = run.failures.isEmpty() && worstP99 <= sloNs;
        out.printf(Locale.ROOT, "  %-10s %,12d ticks/s: worst stage p99 %s, %s%n", name, stepRate, micros(worstP99),
            holds ? "holds" : run.failures.isEmpty() ? "too slow" : String.join("; ", run.failures));
        return holds;
    }

    private static void printTable(final PrintStream out, final String title, final String[] names,
        final Histogram[] stages)
    {
        out.println();
        out.println(title + ", latency from intended send time (µs):");
        out.printf(Locale.ROOT, "  %-10s %12s", "stage", "count");
        for (final String p : PERCENTILE_NAMES)
        {
            out.printf(Locale.ROOT, " %10s", p);
        }
        out.printf(Locale.ROOT, " %10s%n", "max");
        for (int i = 0; i < stages.length; i++)
        {
            out.printf(Locale.ROOT, "  %-10s %,12d", names[i], stages[i].getTotalCount());
            for (final double p : PERCENTILES)
            {
                out.printf(Locale.ROOT, " %10.1f", stages[i].getValueAtPercentile(p) / 1e3);
            }
            out.printf(Locale.ROOT, " %10.1f%n", stages[i].getMaxValue() / 1e3);
        }
    }

    private static void printRatios(final PrintStream out, final Map<String, Histogram[]> results)
    {
        final Histogram[] disruptor = results.get("disruptor");
        final Histogram[] queue = results.get("abq");
        final Histogram[] questdb = results.get("questdb");
        if (null != queue)
        {
            out.println();
            out.println("ratios abq / disruptor (higher: the Disruptor is faster):");
            out.printf(Locale.ROOT, "  %-10s %8s %8s %8s %8s%n", "stage", "p50", "p99", "p99.99", "max");
            for (int i = LatencyPipeline.SEQUENCED; i < LatencyPipeline.STAGES.length; i++)
            {
                out.printf(Locale.ROOT, "  %-10s %8s %8s %8s %8s%n", LatencyPipeline.STAGES[i],
                    ratio(queue[i], disruptor[i], 50), ratio(queue[i], disruptor[i], 99),
                    ratio(queue[i], disruptor[i], 99.99), ratio(queue[i], disruptor[i], 100));
            }
        }
        if (null != questdb)
        {
            out.println();
            out.println("ratios questdb ingested / ticktape stage (higher: Ticktape is faster):");
            out.printf(Locale.ROOT, "  %-10s %8s %8s %8s %8s%n", "stage", "p50", "p99", "p99.99", "max");
            for (final int i : new int[]{ LatencyPipeline.KERNEL, LatencyPipeline.JOURNALED })
            {
                out.printf(Locale.ROOT, "  %-10s %8s %8s %8s %8s%n", LatencyPipeline.STAGES[i],
                    ratio(questdb[0], disruptor[i], 50), ratio(questdb[0], disruptor[i], 99),
                    ratio(questdb[0], disruptor[i], 99.99), ratio(questdb[0], disruptor[i], 100));
            }
        }
    }

    private static String ratio(final Histogram a, final Histogram b, final double percentile)
    {
        final long va = percentile >= 100 ? a.getMaxValue() : a.getValueAtPercentile(percentile);
        final long vb = percentile >= 100 ? b.getMaxValue() : b.getValueAtPercentile(percentile);
        return vb <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", va / (double)vb);
    }

    private static String micros(final long ns)
    {
        return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    }

    private static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static String gcSummary()
    {
        final StringBuilder text = new StringBuilder();
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            text.append(text.length() == 0 ? "" : ", ").append(gc.getName()).append(' ')
                .append(gc.getCollectionCount()).append(" collections ").append(gc.getCollectionTime()).append(" ms");
        }
        return text.toString();
    }
}
