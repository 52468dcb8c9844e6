package io.ticktape.perf.latency;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Latency of one hop across the Disruptor ring, the engine's hand-off between the sequencer and its consumers,
 * against an {@link java.util.concurrent.ArrayBlockingQueue} hand-off of pooled events measured in the same run.
 * Run by {@code bin/ticktape bench ringhop [options]} ({@code ringhop --help}).
 * <pre>
 *   producer thread (--cpus a)                              consumer thread (--cpus b)
 *  ┌──────────────────────────────┐                        ┌──────────────────────────────────────────┐
 *  │ event i due at start + i/rate│   RingBuffer&lt;Tick&gt;     │ BatchEventProcessor, --wait strategy     │
 *  │ spin until due               │ ─────────────────────► │ latency = nanoTime - intended send time  │
 *  │ claim slot, stamp i and its  │   single producer,     │ check i == previous + 1                  │
 *  │ intended time, publish       │   one gating consumer  │ record: warm-up or measured recorder     │
 *  └──────────────────────────────┘                        └──────────────────────────────────────────┘
 *   then the baseline, same threads, same schedule:
 *   producer ── pool.poll() ─► stamp ─► ArrayBlockingQueue.offer() ──► consumer ── poll() ─► record ─► pool.offer()
 *
 *   main thread: starts both, once a second takes the measured interval histogram (SingleWriterRecorder),
 *   adds it to the total and writes it to the .hlog; at the end checks and prints the percentile tables.
 * </pre>
 * Every event is stamped with the time it was meant to be sent; the consumer records now minus that time, so a
 * stalled consumer or a full ring shows up in the latency of every event it delayed (coordinated omission
 * corrected). The first {@code --warmup} of events go to a recorder that is thrown away, the rest are measured.
 * Checks: every event sent was received, in order; the measured histogram holds exactly the measured events; a
 * run with no event for 10 s, or past 4 times its planned time, is abandoned and fails (an offered rate far beyond
 * what a hop sustains ends that way; one a little beyond shows as latency growing through the run). It
 * also reports how far behind schedule the producer got (the offered rate was kept if that is small), the bytes each
 * thread allocated per measured event and the collections during the run.
 * <p>
 * The producer spins to keep its schedule, so it needs a core of its own; the consumer needs one too with
 * {@code --wait busy-spin}, which is refused where there are fewer cores than spinning threads.
 */
public final class RingHopLatency
{
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99 };
    private static final String[] PERCENTILE_NAMES = { "p50", "p90", "p99", "p99.9", "p99.99" };
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long POLL_MS = 50;
    private static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** A run is abandoned when no event arrives for this long... */
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);
    /** ...or when it has taken this many times its planned time, plus the stall time. */
    private static final int OVERRUN_FACTOR = 4;
    private static final double NS_PER_US = 1000.0;

    private RingHopLatency()
    {
    }

    /**
     * @param args options, see {@code ringhop --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run the harness.
     *
     * @param args options, see {@code ringhop --help}.
     * @param out  for results.
     * @param err  for errors.
     * @return 0 when every check passed, 1 when one failed, 2 for bad arguments.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final RingHopOptions options;
        try
        {
            options = RingHopOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ticktape bench ringhop: " + ex.getMessage());
            return 2;
        }
        if (options.help)
        {
            out.println(RingHopOptions.USAGE);
            return 0;
        }
        final int cores = Runtime.getRuntime().availableProcessors();
        final String refusal = options.refusal(cores);
        if (null != refusal)
        {
            err.println("ticktape bench ringhop: " + refusal);
            return 2;
        }

        out.printf(Locale.ROOT, "ringhop: %,d events/s offered, warm-up %.3f s (%,d events), measured %.3f s " +
            "(%,d events), wait %s, ring %d, cpus %s, %d cores%n",
            options.rate, options.warmupNs / 1e9, options.warmupEvents(), options.durationNs / 1e9,
            options.totalEvents() - options.warmupEvents(), options.wait, options.ringSize, options.cpusText(), cores);
        try
        {
            final Result disruptor = measure(options,
                (consumer) -> new DisruptorHop(options.ringSize, options.wait, consumer), out);
            final Result queue = measure(options,
                (consumer) -> new QueueHop(options.ringSize, options.wait, consumer), out);
            printTable(out, disruptor, queue);
            final List<String> failures = new ArrayList<>(disruptor.failures);
            failures.addAll(queue.failures);
            if (!failures.isEmpty())
            {
                out.println("checks: FAILED: " + String.join("; ", failures));
                return 1;
            }
            out.println("checks: OK (every event received once, in order; measured counts exact)");
            return 0;
        }
        catch (final IOException ex)
        {
            err.println("ticktape bench ringhop: cannot write histogram log: " + ex);
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("ticktape bench ringhop: interrupted");
            return 1;
        }
    }

    /**
     * The .hlog file of one hop: the name given with {@code .hlog} taken off, then {@code .<hop>.hlog}.
     *
     * @param hlog the name given.
     * @param hop  the hop's name.
     * @return the file.
     */
    static Path hlogFile(final Path hlog, final String hop)
    {
        final String name = hlog.getFileName().toString();
        final String base = name.endsWith(".hlog") ? name.substring(0, name.length() - ".hlog".length()) : name;
        return hlog.resolveSibling(base + "." + hop + ".hlog");
    }

    private static Result measure(
        final RingHopOptions options, final Function<LatencyConsumer, Hop> hops, final PrintStream out)
        throws IOException, InterruptedException
    {
        final long total = options.totalEvents();
        final LatencyConsumer consumer = new LatencyConsumer(options.warmupEvents(), total);
        final Hop hop = hops.apply(consumer);
        final Path hlogFile = null == options.hlog ? null : hlogFile(options.hlog, hop.name());
        final HistogramLogWriter log = null == hlogFile ? null : newLog(hlogFile, hop, options);

        final List<String> pinning = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch consumerPinned = new CountDownLatch(1);
        final Thread consumerThread = HarnessThreads.newThread(
            "ringhop-consumer-" + hop.name(), options.consumerCpu, hop::consume, pinning, consumerPinned);
        final long gcBefore = gcCount();
        consumerThread.start();
        // Pinned one after the other: Affinity's lock inventory is shared.
        consumerPinned.await();

        final long startNs = System.nanoTime() + START_DELAY_NS;
        final ConstantRateProducer producer = new ConstantRateProducer(
            hop, options.rate, total, options.warmupEvents(), startNs);
        final Thread producerThread = HarnessThreads.newThread(
            "ringhop-producer-" + hop.name(), options.producerCpu, producer, pinning, new CountDownLatch(1));
        producerThread.start();

        final Histogram measured = new Histogram(1, LatencyConsumer.HIGHEST_NS, LatencyConsumer.SIGNIFICANT_DIGITS);
        final boolean stalled = awaitEnd(
            producerThread, producer, consumer, total, startNs, options.warmupNs + options.durationNs, measured, log);
        hop.halt();
        consumerThread.join(TimeUnit.SECONDS.toMillis(5));
        final long gcs = gcCount() - gcBefore;
        if (null != log)
        {
            log.close();
        }

        final Result result = new Result(hop.name(), measured);
        if (stalled)
        {
            result.failures.add(String.format(Locale.ROOT, "%s: run abandoned after %.1f s (no event for %d s, or " +
                "over %d times the planned time): the hop did not keep up or stalled", hop.name(),
                (System.nanoTime() - startNs) / 1e9, TimeUnit.NANOSECONDS.toSeconds(STALL_NS), OVERRUN_FACTOR));
        }
        result.check(options, producer.sent(), consumer, consumerThread.isAlive());
        final long measuredEvents = total - options.warmupEvents();
        out.printf(Locale.ROOT, "%-9s sent %,d, received %,d, out of order %d, measured %,d; producer at most " +
            "%.1f µs behind schedule; allocated per measured event: producer %s B, consumer %s B; GCs %d%n",
            hop.name() + ":", producer.sent(), consumer.received(), consumer.outOfOrder(), measured.getTotalCount(),
            producer.maxBehindNs() / NS_PER_US, perEvent(producer.measuredAllocatedBytes(), measuredEvents),
            perEvent(consumer.measuredAllocatedBytes(), measuredEvents), gcs);
        for (final String line : pinning)
        {
            out.println("          " + line);
        }
        if (null != hlogFile)
        {
            out.println("          histogram log: " + hlogFile);
        }
        return result;
    }

    /**
     * Take the measured interval histogram once a second until every event arrived, adding each to the total and
     * the log; give up when nothing arrives for a while or the run takes far longer than planned.
     *
     * @return true if the run was abandoned.
     */
    private static boolean awaitEnd(
        final Thread producerThread,
        final ConstantRateProducer producer,
        final LatencyConsumer consumer,
        final long total,
        final long startNs,
        final long runNs,
        final Histogram measured,
        final HistogramLogWriter log) throws InterruptedException
    {
        final long deadlineNs = startNs + OVERRUN_FACTOR * runNs + STALL_NS;
        Histogram interval = null;
        long nextReportNs = startNs + REPORT_INTERVAL_NS;
        long lastReceived = 0;
        long lastProgressNs = startNs;
        while (true)
        {
            Thread.sleep(POLL_MS);
            final long received = consumer.received();
            // isAlive() false makes the producer's writes visible here.
            final boolean done = !producerThread.isAlive() && received == total;
            final long nowNs = System.nanoTime();
            if (received != lastReceived)
            {
                lastReceived = received;
                lastProgressNs = nowNs;
            }
            final boolean stalled = !done && (nowNs - lastProgressNs > STALL_NS || nowNs - deadlineNs > 0);
            if (stalled)
            {
                producer.stop();
            }
            if (done || stalled || nowNs - nextReportNs >= 0)
            {
                interval = consumer.measured.getIntervalHistogram(interval);
                record(interval, measured, log);
                nextReportNs += REPORT_INTERVAL_NS;
            }
            if (done || stalled)
            {
                return stalled;
            }
        }
    }

    private static HistogramLogWriter newLog(final Path file, final Hop hop, final RingHopOptions options)
        throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        final HistogramLogWriter log = new HistogramLogWriter(file.toFile());
        final long startMs = System.currentTimeMillis();
        log.outputComment("ticktape bench ringhop: " + hop.name() + ", latency ns from intended send time, " +
            options.rate + " events/s, wait " + options.wait);
        log.outputLogFormatVersion();
        log.outputStartTime(startMs);
        log.setBaseTime(startMs);
        log.outputLegend();
        return log;
    }

    private static void record(final Histogram interval, final Histogram total, final HistogramLogWriter log)
    {
        if (interval.getTotalCount() > 0)
        {
            total.add(interval);
            if (null != log)
            {
                log.outputIntervalHistogram(interval);
            }
        }
    }

    private static void printTable(final PrintStream out, final Result disruptor, final Result queue)
    {
        out.println();
        out.println("latency in µs, consumer's nanoTime - intended send time (coordinated omission corrected)");
        out.printf(Locale.ROOT, "%-8s %12s %12s %15s%n", "", disruptor.name, queue.name,
            queue.name + "/" + disruptor.name);
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            row(out, PERCENTILE_NAMES[i], disruptor.histogram.getValueAtPercentile(PERCENTILES[i]),
                queue.histogram.getValueAtPercentile(PERCENTILES[i]));
        }
        row(out, "max", disruptor.histogram.getMaxValue(), queue.histogram.getMaxValue());
        row(out, "mean", disruptor.histogram.getMean(), queue.histogram.getMean());
        out.println();
    }

    private static void row(final PrintStream out, final String name, final double disruptorNs, final double queueNs)
    {
        out.printf(Locale.ROOT, "%-8s %12.3f %12.3f %15.2f%n", name, disruptorNs / NS_PER_US, queueNs / NS_PER_US,
            disruptorNs > 0 ? queueNs / disruptorNs : Double.NaN);
    }

    private static String perEvent(final long bytes, final long events)
    {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.2f", (double)bytes / events);
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

    /**
     * What one hop measured, and what its checks found wrong.
     */
    static final class Result
    {
        final String name;
        final Histogram histogram;
        final List<String> failures = new ArrayList<>();

        Result(final String name, final Histogram histogram)
        {
            this.name = name;
            this.histogram = histogram;
        }

        void check(
            final RingHopOptions options, final long sent, final LatencyConsumer consumer, final boolean consumerAlive)
        {
            final long total = options.totalEvents();
            final long measuredEvents = total - options.warmupEvents();
            if (sent != total)
            {
                failures.add(name + ": producer sent about " + sent + " of " + total + " events");
            }
            if (consumer.received() != total)
            {
                failures.add(name + ": consumer received " + consumer.received() + " of " + total + " events");
            }
            if (consumerAlive)
            {
                failures.add(name + ": consumer did not stop");
            }
            else if (consumer.outOfOrder() != 0)
            {
                failures.add(name + ": " + consumer.outOfOrder() + " events out of order");
            }
            if (histogram.getTotalCount() != measuredEvents)
            {
                failures.add(name + ": measured histogram holds " + histogram.getTotalCount() + " of " +
                    measuredEvents + " measured events");
            }
        }
    }
}
