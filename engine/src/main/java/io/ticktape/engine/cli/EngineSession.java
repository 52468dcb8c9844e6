package io.ticktape.engine.cli;

import io.ticktape.engine.EngineConfig;
import io.ticktape.engine.TicktapeEngine;
import io.ticktape.engine.dashboard.Dashboard;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an engine for a while, printing a line a second and a summary at the end.
 */
final class EngineSession
{
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final EngineConfig config;
    private final PrintStream out;
    private long warmupNs;
    private boolean warmedUp;

    EngineSession(final EngineConfig config, final PrintStream out)
    {
        this.config = config;
        this.out = out;
    }

    EngineSession warmupNs(final long warmupNs)
    {
        this.warmupNs = warmupNs;
        return this;
    }

    int run(final long durationNs, final Path summaryJson, final String what)
    {
        try (StopSignal stop = new StopSignal())
        {
            return run(durationNs, summaryJson, what, stop);
        }
    }

    private int run(final long durationNs, final Path summaryJson, final String what, final StopSignal stop)
    {
        final long startNs;
        final long endNs;
        final Summary summary;
        final TicktapeEngine engine = TicktapeEngine.launch(config);
        Dashboard dashboard = null;
        try
        {
            if (config.dashboard.enabled)
            {
                dashboard = Dashboard.start(engine, config.dashboard);
                out.printf("dashboard: %s  (Prometheus: %smetrics)%n", dashboard.url(), dashboard.url());
            }
            final String source = config.simulator.enabled ?
                String.format("simulator: %d instruments, rate %s", config.simulator.instruments,
                config.simulator.paced ? config.simulator.rate + "/s" : "max") :
                config.feeds.size() + " feed(s)";
            out.printf("ticktape %s: profile %s, %s, data %s%n", what, config.profile, source,
                Path.of(config.dataDir).toAbsolutePath().normalize());
            out.printf("subscribe from another terminal: bin/ticktape tail --stream analytics --aeron-dir %s%n",
                engine.aeronDir());
            startNs = System.nanoTime();
            long lastReportNs = startNs;
            long lastTicks = 0;
            int second = 0;
            while (!stop.raised() && !engine.feedDone() && System.nanoTime() - startNs < durationNs)
            {
                // Written to stay right when durationNs is Long.MAX_VALUE (run until interrupted).
                final long reportAtNs = lastReportNs + REPORT_INTERVAL_NS;
                final long nextNs = reportAtNs - startNs <= durationNs ? reportAtNs : startNs + durationNs;
                sleepUntil(nextNs, engine, stop);
                final long nowNs = System.nanoTime();
                final Histogram interval = engine.latency().sampleInterval();
                if (!warmedUp && warmupNs > 0 && nowNs - startNs >= warmupNs)
                {
                    warmedUp = true;
                    engine.latency().resetTotal();
                    out.printf("warm-up over: the summary's latency counts from here%n");
                }
                final Map<String, Long> counters = engine.counters().snapshot();
                final long ticks = counters.getOrDefault("sequencer.ticks", 0L);
                second++;
                final long[] backlogs = engine.consumerBacklogs();
                out.printf(Locale.ROOT, "[%3ds] %,11.0f ticks/s  total %,12d  journal %8.1f MB  " +
                    "backlog kernel/journal/publisher %,d/%,d/%,d  latency p50 %s p99 %s p99.9 %s%n",
                    second,
                    (ticks - lastTicks) * 1e9 / Math.max(1, nowNs - lastReportNs),
                    ticks,
                    counters.getOrDefault("journal.bytes", 0L) / 1e6,
                    backlogs[0], backlogs[1], backlogs[2],
                    micros(interval.getValueAtPercentile(50)),
                    micros(interval.getValueAtPercentile(99)),
                    micros(interval.getValueAtPercentile(99.9)));
                lastTicks = ticks;
                lastReportNs = nowNs;
            }
            engine.stopFeedAndDrain(TimeUnit.SECONDS.toMillis(30));
            endNs = System.nanoTime();
        }
        finally
        {
            if (null != dashboard)
            {
                dashboard.close();
            }
            engine.close();
        }
        engine.latency().sampleInterval();
        summary = Summary.of(engine, endNs - startNs, warmedUp ? warmupNs : 0);
        out.println(summary.toText());
        if (null != summaryJson)
        {
            try
            {
                final Path parent = summaryJson.toAbsolutePath().getParent();
                if (null != parent)
                {
                    Files.createDirectories(parent);
                }
                Files.writeString(summaryJson, summary.toJson());
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot write " + summaryJson + ": " + ex.getMessage());
            }
        }
        return summary.errors() == 0 ? 0 : 1;
    }

    private static void sleepUntil(final long deadlineNs, final TicktapeEngine engine, final StopSignal stop)
    {
        while (!stop.raised() && !engine.feedDone())
        {
            final long remainingNs = deadlineNs - System.nanoTime();
            if (remainingNs <= 0)
            {
                return;
            }
            try
            {
                Thread.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(remainingNs))));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String micros(final long ns)
    {
        return String.format(Locale.ROOT, "%.1fus", ns / 1000.0);
    }
}
