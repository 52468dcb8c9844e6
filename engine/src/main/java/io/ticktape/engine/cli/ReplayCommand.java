package io.ticktape.engine.cli;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.client.Streams;
import io.ticktape.engine.EngineConfig;
import io.ticktape.engine.EngineKernels;
import io.ticktape.engine.TicktapeEngine;
import io.ticktape.replay.JournalBounds;
import io.ticktape.replay.ReplayControlAdapter;
import io.ticktape.replay.ReplayOptions;
import io.ticktape.replay.ReplayPoint;
import io.ticktape.replay.ReplaySpeed;
import io.ticktape.replay.ReplayStatusProxy;
import io.ticktape.replay.Replayer;
import io.ticktape.replay.ReplayerControl;
import io.ticktape.replay.SubscriberDrain;
import io.ticktape.store.Journal;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ticktape replay}: the journal published again on Aeron, as the same SBE tick messages as live, paced or at
 * full speed, optionally through the analytics kernel; steerable with {@code ticktape replay-control}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay the journal over Aeron (same SBE messages as live), optionally through the kernel.")
final class ReplayCommand implements Callable<Integer>
{
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--speed", defaultValue = "max", description = "max | realtime | Nx (e.g. 4x, 0.5x).")
    String speed;

    @Option(names = "--from", description = "First tick: ISO-8601, epoch ns, or seq:N (default: the journal's first).")
    String from;

    @Option(names = "--to", description = "Last tick, inclusive: ISO-8601, epoch ns, or seq:N.")
    String to;

    @Option(names = "--symbols", split = ",", description = "Only these instruments (gaps and channel status stay).")
    List<String> symbols;

    @Option(names = "--channel", defaultValue = Streams.DEFAULT_CHANNEL, description = "Aeron channel to publish on.")
    String channel;

    @Option(names = "--stream", defaultValue = "" + Streams.REPLAY_STREAM_ID, description = "Stream id (default 1006).")
    int streamId;

    @Option(names = "--aeron-dir", description = "Attach to this external media driver instead of embedding one.")
    String aeronDir;

    @Option(names = "--embedded-aeron-dir", description = "Directory of the embedded driver (default: " +
        "/dev/shm/ticktape-aeron-$USER-replay, where replay-control looks).")
    String embeddedAeronDir;

    @Option(names = "--analytics", description = "Run the ticks through the analytics kernel and publish its outputs " +
        "after each tick, on the same stream.")
    boolean analytics;

    @Option(names = "--config", description = "Engine configuration (YAML) whose kernel settings --analytics uses " +
        "(default: the engine's defaults, as live without a config).")
    Path config;

    @Option(names = "--alerts", description = "With --analytics, also evaluate this alert rules file (YAML, as the " +
        "engine's alerts.rulesFile) and publish its AlertEvents with the outputs.")
    Path alerts;

    @Option(names = "--follow", description = "At the end of the journal wait for more (a journal being written) " +
        "until --to or Ctrl-C.")
    boolean follow;

    @Option(names = "--replay-id", defaultValue = "0", description = "Id replay-control addresses (0: answers to all).")
    int replayId;

    @Option(names = "--roll-cycle", defaultValue = "FAST_DAILY", description = "Journal roll cycle.")
    String rollCycle;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    /**
     * Over IPC the embedded driver only sets up, moves the publication's limit and cleans consumed terms, so it sleeps
     * between duty cycles and leaves the cores to the replay and its subscribers (measured 10-20 % faster at max
     * speed on 2 cores, docs/perf.md); over UDP it is also the sender and backs off instead.
     */
    private static IdleStrategy driverIdleStrategy(final String channel)
    {
        return channel.startsWith(CommonContext.IPC_CHANNEL) ? new SleepingMillisIdleStrategy(1) :
            new BackoffIdleStrategy();
    }

    /**
     * @return the embedded driver's default directory, which {@code replay-control} also defaults to.
     */
    static String defaultReplayAeronDir()
    {
        return TicktapeEngine.defaultAeronDir() + "-replay";
    }

    @Override
    public Integer call()
    {
        final PrintStream out = System.out;
        final double factor = ReplaySpeed.parse(speed);
        final ReplayPoint start = null == from ? null : ReplayPoint.parse(from);
        final ReplayPoint end = null == to ? null : ReplayPoint.parse(to);
        if (null != start && null != end && start.bySeq() == end.bySeq() && start.value() > end.value())
        {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
        if (!Files.isDirectory(dataDir.resolve(Journal.TICKS_FOLDER)))
        {
            throw new IllegalArgumentException("no journal in " + dataDir + " (expected " + Journal.TICKS_FOLDER +
                "; run bin/ticktape demo --data-dir " + dataDir + " first)");
        }
        final ReplayOptions options = new ReplayOptions()
            .from(start)
            .to(end)
            .speed(factor)
            .symbols(null == symbols ? null : Set.copyOf(new LinkedHashSet<>(symbols)))
            .follow(follow)
            .replayId(replayId);
        if (analytics)
        {
            final EngineConfig engineConfig = null == config ? new EngineConfig() : EngineConfig.load(config);
            if (null != alerts)
            {
                engineConfig.alerts.rulesFile = alerts.toString();
            }
            options.analytics(EngineKernels.factory(engineConfig));
        }

        final ChronicleQueue queue = Journal.open(dataDir, rollCycle, true);
        try
        {
            checkRange(queue, start, end, out);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }

        MediaDriver driver = null;
        Aeron aeron = null;
        ExclusivePublication publication = null;
        Subscription control = null;
        Publication status = null;
        Replayer replayer = null;
        try (StopSignal stop = new StopSignal())
        {
            final String dir;
            if (null == aeronDir)
            {
                dir = null == embeddedAeronDir ? defaultReplayAeronDir() : embeddedAeronDir;
                if (CommonContext.isDriverActive(new File(dir), TimeUnit.SECONDS.toMillis(5), msg -> { }))
                {
                    throw new IllegalStateException("a media driver is already active in " + dir +
                        " (another replay running?); stop it, or pass --aeron-dir to use it, or --embedded-aeron-dir");
                }
                driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(dir)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(driverIdleStrategy(channel)));
            }
            else
            {
                dir = aeronDir;
                if (!CommonContext.isDriverActive(new File(dir), TimeUnit.SECONDS.toMillis(10), msg -> { }))
                {
                    throw new IllegalStateException("no media driver running in " + dir);
                }
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            publication = aeron.addExclusivePublication(channel, streamId);
            control = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.REPLAY_CONTROL_STREAM_ID);
            status = aeron.addPublication(Streams.DEFAULT_CHANNEL, Streams.REPLAY_CONTROL_STREAM_ID);
            replayer = new Replayer(queue, options, publication, SystemNanoClock.INSTANCE);
            final ReplayControlAdapter adapter =
                new ReplayControlAdapter(control, new ReplayerControl(replayer, new ReplayStatusProxy(status)));
            out.printf("replay: %s at %s%s%s to %s stream %d (aeron dir %s; control stream %d)%n", dataDir,
                ReplaySpeed.toString(factor), analytics ? " through the kernel" : "",
                null == symbols ? "" : " for " + String.join(",", symbols), channel, streamId, dir,
                Streams.REPLAY_CONTROL_STREAM_ID);
            out.flush();
            run(replayer, adapter, stop, out);
            if (!stop.raised() && !SubscriberDrain.await(aeron.countersReader(), publication, DRAIN_TIMEOUT_NS))
            {
                out.println("replay: a subscriber had not read everything after " +
                    TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NS) + " s; closing anyway");
            }
            report(replayer, end, out);
            return 0;
        }
        finally
        {
            CloseHelper.closeAll(replayer, publication, control, status, aeron, driver);
            if (null == replayer)
            {
                queue.close();
            }
        }
    }

    private void checkRange(
        final ChronicleQueue queue, final ReplayPoint start, final ReplayPoint end, final PrintStream out)
    {
        final JournalBounds bounds = JournalBounds.of(queue);
        if (bounds.isEmpty())
        {
            if (!follow)
            {
                throw new IllegalArgumentException("the journal in " + dataDir + " is empty: nothing to replay " +
                    "(--follow waits for ticks)");
            }
            out.println("replay: the journal is empty so far; following it for new ticks");
            return;
        }
        out.println("replay: journal holds " + bounds.describe());
        if (!follow && null != start && bounds.isAfterEnd(start))
        {
            throw new IllegalArgumentException("--from " + start + " is after the end of the journal (" +
                bounds.describe() + "); nothing to replay (--follow waits for it)");
        }
        if (null != end && bounds.isBeforeStart(end))
        {
            throw new IllegalArgumentException("--to " + end + " is before the start of the journal (" +
                bounds.describe() + "); nothing to replay");
        }
    }

    private void run(final Replayer replayer, final ReplayControlAdapter adapter, final StopSignal stop,
        final PrintStream out)
    {
        final IdleStrategy idle = new BackoffIdleStrategy();
        long startNs = System.nanoTime();
        long nextReportNs = startNs + TimeUnit.SECONDS.toNanos(1);
        boolean waitingReported = false;
        boolean connected = false;
        while (!replayer.isDone())
        {
            if (!connected && replayer.isConnected())
            {
                // The rate counts from the first subscriber, not the wait for it.
                connected = true;
                startNs = System.nanoTime();
            }
            if (stop.raised())
            {
                out.println("replay: stopped (Ctrl-C)");
                replayer.stop();
                break;
            }
            final int work = adapter.poll() + replayer.doWork();
            idle.idle(work);
            final long nowNs = System.nanoTime();
            if (nowNs - nextReportNs > 0)
            {
                nextReportNs = nowNs + TimeUnit.SECONDS.toNanos(1);
                if (!replayer.isConnected())
                {
                    if (!waitingReported)
                    {
                        waitingReported = true;
                        out.println("replay: waiting for a subscriber on " + channel + " stream " + streamId);
                    }
                }
                else if (!quiet)
                {
                    out.printf(Locale.ROOT, "replay: %s %,d ticks, last seq %d%n", replayer.state(), replayer.ticks(),
                        replayer.lastSeq());
                }
                out.flush();
            }
        }
        final double seconds = Math.max(1e-9, (System.nanoTime() - startNs) / 1e9);
        out.printf(Locale.ROOT, "replay: %,d ticks (%,d messages) in %.3f s, %,.0f ticks/s; last seq %d%n",
            replayer.ticks(), replayer.messages(), seconds, replayer.ticks() / seconds, replayer.lastSeq());
    }

    private void report(final Replayer replayer, final ReplayPoint end, final PrintStream out)
    {
        if (replayer.corruptExcerpts() > 0)
        {
            out.printf("replay: %d journal excerpt(s) ended inside a tick (torn write at a crash?); replayed up to " +
                "the last whole tick of each and carried on%n", replayer.corruptExcerpts());
        }
        if (!replayer.undefinedSymbols().isEmpty())
        {
            out.println("replay: no instrument definition in the journal for " +
                String.join(",", replayer.undefinedSymbols()));
        }
        if (!replayer.started())
        {
            out.println("replay: no tick in the range asked for");
        }
        else if (null != end && end.bySeq() && replayer.lastSeq() < end.value() && !follow)
        {
            out.println("replay: the journal ends at seq " + replayer.lastSeq() + ", before --to " + end);
        }
        out.flush();
    }
}
