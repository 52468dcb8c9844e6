package io.ticktape.engine;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.client.PublicationProxy;
import io.ticktape.client.Streams;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.FeedFormat;
import io.ticktape.feed.PacketDecoder;
import io.ticktape.feed.sim.SimulatorSource;
import io.ticktape.feed.transport.PacketSource;
import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.protocol.Durations;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.sequencer.Sequencer;
import io.ticktape.sequencer.WaitStrategies;
import io.ticktape.sequencer.arbitration.ArbitratingDecoder;
import io.ticktape.sequencer.arbitration.ArbitrationConfig;
import io.ticktape.engine.threads.EngineThreads;
import io.ticktape.engine.threads.IdleStrategies;
import io.ticktape.engine.tsql.JournalHistorySupplier;
import io.ticktape.engine.tsql.TsqlService;
import io.ticktape.client.Streams;
import io.ticktape.replay.ReplayServer;
import io.ticktape.store.JournalReader;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import io.ticktape.store.history.HistoryBuilder;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.File;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The running engine.
 * <pre>
 *  feed thread                         ring (Disruptor, single producer)       consumers, in parallel
 *  simulator -> SBE frame -> decoder -> sequencer ==> [ ticks ... ] ==+==> kernel    -> analytics stream (Aeron)
 *                                                                     +==> journal   -> Chronicle Queue
 *                                                                     +==> publisher -> ticks stream (Aeron)
 * </pre>
 * Start with {@link #launch(EngineConfig)}; {@link #close()} stops the feed, drains the ring (the kernel publishes
 * its open bars, the journal its last batch) and then releases Aeron and the journal.
 */
public final class TicktapeEngine implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(TicktapeEngine.class.getName());
    private static final long SHUTDOWN_TIMEOUT_MS = 30_000;
    /** The ring's consumers, in the order of {@link #consumerBacklogs()}. */
    public static final String[] CONSUMER_NAMES = { "kernel", "journal", "publisher" };
    /**
     * The timed stages, in the order of {@link #stageLatencies()}: each is the latency from frame receipt to that
     * stage done (sequenced onto the ring, kernel done, excerpt journaled, offered to Aeron).
     */
    public static final String[] STAGE_NAMES = { "sequenced", "kernel", "journaled", "published" };
    private static final int EVENTS_CAPACITY = 64 * 1024;
    private static final int BARS_CAPACITY = 256 * 1024;

    private final EngineConfig config;
    private final EngineProfile profile;
    private final Counters counters = new Counters();
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final LatencyStats latency = new LatencyStats(AnalyticsKernel.MAX_RECORDED_LATENCY_NS);
    private final LatencyStats[] stages = {
        new LatencyStats(AnalyticsKernel.MAX_RECORDED_LATENCY_NS),
        latency,
        new LatencyStats(AnalyticsKernel.MAX_RECORDED_LATENCY_NS),
        new LatencyStats(AnalyticsKernel.MAX_RECORDED_LATENCY_NS)
    };
    private final RecentEvents events;
    private AnalyticsTap analyticsTap;
    private final EngineThreads threads;
    private final AtomicCounter errors;
    private final String aeronDir;
    private MediaDriver driver;
    private Aeron aeron;
    private TickJournal journal;
    private Disruptor<Tick> disruptor;
    private RingBuffer<Tick> ring;
    private com.lmax.disruptor.EventHandlerIdentity[] consumers;
    private Sequencer sequencer;
    private FeedAgent feedAgent;
    private AgentRunner tsqlRunner;
    private java.util.concurrent.ExecutorService tsqlWorkers;
    private AgentRunner feedRunner;
    private AgentRunner historyRunner;
    private AgentRunner replayServerRunner;
    private long startGlobalSeq;
    private EngineAlerts alerts;
    private volatile boolean closed;

    private TicktapeEngine(final EngineConfig config)
    {
        this.config = config;
        this.profile = EngineProfile.conclude(config);
        this.threads = new EngineThreads(profile.cpus());
        this.errors = counters.newCounter("engine.errors");
        this.events = new RecentEvents(EVENTS_CAPACITY, counters.newCounter("events.dropped"),
            config.dashboard.enabled);
        this.aeronDir = config.aeronDir.isEmpty() ? embeddedAeronDir(config) : config.aeronDir;
    }

    /**
     * Start an engine.
     *
     * @param config what to run.
     * @return the running engine.
     * @throws IllegalArgumentException or IllegalStateException with a one-line reason if it cannot start.
     */
    public static TicktapeEngine launch(final EngineConfig config)
    {
        final TicktapeEngine engine = new TicktapeEngine(config);
        try
        {
            engine.start();
            return engine;
        }
        catch (final RuntimeException ex)
        {
            engine.close();
            throw ex;
        }
    }

    /**
     * The embedded driver's directory when none is configured: on /dev/shm where there is one, so that
     * {@code tail} finds a running demo without being told.
     *
     * @param config engine configuration.
     * @return the directory.
     */
    public static String embeddedAeronDir(final EngineConfig config)
    {
        if (!config.embeddedAeronDir.isEmpty())
        {
            return config.embeddedAeronDir;
        }
        return defaultAeronDir();
    }

    /**
     * @return the directory an engine with default settings uses for its embedded driver.
     */
    public static String defaultAeronDir()
    {
        final String user = System.getProperty("user.name", "default").replaceAll("[^A-Za-z0-9_.-]", "_");
        final File shm = new File("/dev/shm");
        final String parent = shm.isDirectory() && shm.canWrite() ? shm.getPath() : System.getProperty("java.io.tmpdir");
        return new File(parent, "ticktape-aeron-" + user).getPath();
    }

    private void start()
    {
        final ErrorHandler errorHandler = this::onError;
        if (config.aeronDir.isEmpty())
        {
            if (CommonContext.isDriverActive(new File(aeronDir), TimeUnit.SECONDS.toMillis(10), msg -> { }))
            {
                throw new IllegalStateException("a media driver is already active in " + aeronDir +
                    " (another engine running?); stop it or pass --aeron-dir to attach to it");
            }
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(IdleStrategies.of(profile.idleStrategy()))
                .errorHandler(errorHandler));
            LOG.log(Level.INFO, "embedded media driver in {0}", aeronDir);
        }
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir).errorHandler(errorHandler));

        final long backPressureTimeoutNs = Durations.parseNs(config.backPressureTimeout);
        final ExclusivePublication ticksPublication = aeron.addExclusivePublication(config.channel, config.ticksStreamId);
        final ExclusivePublication analyticsPublication =
            aeron.addExclusivePublication(config.channel, config.analyticsStreamId);
        final PublicationProxy ticksProxy = proxy(ticksPublication, "publisher.ticks", backPressureTimeoutNs);
        final PublicationProxy analyticsProxy = proxy(analyticsPublication, "publisher.analytics", backPressureTimeoutNs);

        final Path dataDir = Path.of(config.dataDir);
        try (JournalReader reader = new JournalReader(Journal.open(dataDir, config.rollCycle, false)))
        {
            startGlobalSeq = reader.lastGlobalSeq();
        }
        final ChronicleQueue queue = Journal.open(dataDir, config.rollCycle, false);
        journal = new TickJournal(queue, clock, counters);

        analyticsTap = new AnalyticsTap(
            analyticsProxy::offer, BARS_CAPACITY, counters.newCounter("dashboard.bars_dropped"),
            config.dashboard.enabled);
        final AnalyticsKernel kernel = EngineKernels.newKernel(config,
            startAlerts(analyticsTap, backPressureTimeoutNs, dataDir), clock, latency.recorder(), counters);

        disruptor = new Disruptor<>(
            Tick::new, config.ringSize, threads.factory("kernel", "journal", "publisher"), ProducerType.SINGLE,
            WaitStrategies.of(profile.waitStrategy()));
        disruptor.setDefaultExceptionHandler(new RingExceptionHandler());
        final TickPublisher publisher = new TickPublisher(ticksProxy, clock, stages[0], stages[3], events);
        final JournalStage journalStage = new JournalStage(journal, stages[2], clock);
        consumers = new com.lmax.disruptor.EventHandlerIdentity[]{ kernel, journalStage, publisher };
        disruptor.handleEventsWith(kernel, journalStage, publisher);
        ring = disruptor.start();
        sequencer = new Sequencer(ring, clock, counters, startGlobalSeq);

        startTsqlService(dataDir, backPressureTimeoutNs);
        awaitSubscribers(Durations.parseNs(config.awaitSubscribersTimeout), ticksPublication, analyticsPublication);
        startFeeds();
        // After the feed: threads are pinned in creation order, and this background one takes none of theirs.
        startHistory(dataDir);
        // Replay-merge: late subscribers ask for the journal from a sequence number on the control stream. A control
        // path, off the pinned cores: its thread parks when idle.
        replayServerRunner = new AgentRunner(new BackoffIdleStrategy(), this::onError, null, new ReplayServer(
            aeron, config.channel, Streams.REPLAY_CONTROL_STREAM_ID, dataDir, config.rollCycle, clock));
        AgentRunner.startOnThread(replayServerRunner, runnable ->
        {
            final Thread thread = new Thread(runnable, "ticktape-replay-server");
            thread.setDaemon(true);
            return thread;
        });
        LOG.log(Level.INFO, "engine started: profile={0} ring={1} wait={2} idle={3} data={4} aeron={5} " +
            "first global seq={6}", profile.name(), config.ringSize, profile.waitStrategy(), profile.idleStrategy(),
            dataDir.toAbsolutePath(), aeronDir, startGlobalSeq + 1);
    }

    /**
     * Start alert delivery and return the kernel's sink: the alert evaluator in front of the analytics publication
     * (or the publication alone when alerts are off).
     */
    private io.ticktape.kernel.AnalyticsSink startAlerts(
        final io.ticktape.kernel.AnalyticsSink analytics, final long backPressureTimeoutNs, final Path dataDir)
    {
        final EngineConfig.AlertSettings settings = config.alerts;
        if (!settings.enabled)
        {
            return analytics;
        }
        alerts = new EngineAlerts(settings, config.kernel.toConfiguration(), counters);
        final ExclusivePublication publication = aeron.addExclusivePublication(config.channel, settings.streamId);
        alerts.start(
            proxy(publication, "publisher.alerts", backPressureTimeoutNs),
            aeron.addSubscription(config.channel, settings.commandsStreamId),
            dataDir, config.rollCycle, analytics, new EngineHealthProbe(this), this::onError);
        alerts.alertLines(line -> events.offer(clock.nanoTime(), line));
        return alerts.evaluator();
    }

    private void startFeeds()
    {
        final List<PacketSource> sources = new ArrayList<>();
        final List<PacketDecoder> decoders = new ArrayList<>();
        final List<ArbitratingDecoder> arbitrators = new ArrayList<>();
        final ArbitrationConfig arbitration = config.arbitration.toConfig();
        final EngineConfig.SimulatorConfig sim = config.simulator;
        if (sim.enabled)
        {
            final MarketSimulator simulator = new MarketSimulator(
                sim.seed, sim.instruments, sim.rate, sim.channelId, MarketSimulator.DEFAULT_START_NS,
                Durations.parseNs(sim.shockInterval));
            sources.add(new SimulatorSource(simulator, sim.channelId, clock, sim.paced, sim.maxMessages, sim.lines,
                sim.lineLoss, sim.seed * 31 + 17));
            final ArbitratingDecoder decoder = new ArbitratingDecoder(
                FeedFormat.of("ticktape").newDecoder(sequencer, counters, "feed.sim"), arbitration, sequencer,
                counters);
            arbitrators.add(decoder);
            decoders.add(decoder);
        }
        for (final FeedConfig feed : config.feeds)
        {
            // Lines of one feed share its arbitrated decoder: the first copy of each packet, from either line, is
            // decoded once, and per-instrument decoder state (an MDP3 book) belongs to the channel, not the line.
            final ArbitratingDecoder decoder = new ArbitratingDecoder(
                FeedFormat.of(feed.format).newDecoder(sequencer, counters, "feed." + feed.name), arbitration,
                sequencer, counters);
            arbitrators.add(decoder);
            for (final PacketSource source : FeedSources.open(feed, aeron, clock, counters))
            {
                LOG.log(Level.INFO, "feed {0}: {1} ({2})", feed.name, source.name(), feed.format);
                sources.add(source);
                decoders.add(decoder);
            }
        }
        if (sources.isEmpty())
        {
            LOG.log(Level.WARNING, "no feeds configured: the engine will publish nothing");
            return;
        }
        feedAgent = new FeedAgent(sources, decoders, arbitrators, clock, sequencer,
            Durations.parseNs(config.timerInterval), Durations.parseNs(config.timerGrace));
        feedRunner = new AgentRunner(IdleStrategies.of(profile.idleStrategy()), this::onError, null, feedAgent);
        AgentRunner.startOnThread(feedRunner, threads.factory("feed"));
    }

    private void startHistory(final Path dataDir)
    {
        if (!config.history.enabled)
        {
            return;
        }
        final HistoryBuilder builder = new HistoryBuilder(dataDir, Journal.open(dataDir, config.rollCycle, false),
            Durations.parseNs(config.history.flushInterval), config.history.blockRows, clock, counters);
        // Always backoff, whatever the profile: the history tier is background work and must not take a core.
        historyRunner = new AgentRunner(IdleStrategies.of("backoff"), this::onError, null, builder);
        AgentRunner.startOnThread(historyRunner, threads.factory("history"));
    }

    private void stopHistory()
    {
        if (null == historyRunner)
        {
            return;
        }
        // Let the builder take in the journal's last batch, so that a clean stop leaves the history complete.
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counters.value("history.visible_global_seq") < counters.value("journal.last_global_seq") &&
            System.nanoTime() - deadlineNs < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        CloseHelper.close(historyRunner);
        historyRunner = null;
    }

    private void startTsqlService(final Path dataDir, final long backPressureTimeoutNs)
    {
        // Queries run on their own threads, never on the ring's: requests on stream 1004, answers per client.
        // Plain daemon threads, never pinned: the CPUs of the low-latency profile belong to the pipeline.
        tsqlWorkers = java.util.concurrent.Executors.newFixedThreadPool(2, runnable ->
        {
            final Thread thread = new Thread(runnable, "ticktape-tsql-worker");
            thread.setDaemon(true);
            return thread;
        });
        // Queries scan the columnar tier when the engine builds it; otherwise a journal loaded into memory.
        final java.util.function.Supplier<io.ticktape.store.history.HistoryView> history = config.history.enabled ?
            () -> io.ticktape.store.history.ColumnarHistory.open(dataDir) :
            new JournalHistorySupplier(dataDir, config.rollCycle, () -> counters.value("journal.last_global_seq"));
        final TsqlService service = new TsqlService(aeron, config.channel, Streams.TSQL_REQUEST_STREAM_ID, history,
            tsqlWorkers, clock, Math.max(TimeUnit.SECONDS.toNanos(5), backPressureTimeoutNs), counters);
        tsqlRunner = new AgentRunner(IdleStrategies.of("backoff"), this::onError, null, service);
        AgentRunner.startOnThread(tsqlRunner, runnable ->
        {
            final Thread thread = new Thread(runnable, "ticktape-tsql");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static void awaitSubscribers(
        final long timeoutNs, final ExclusivePublication ticks, final ExclusivePublication analytics)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (timeoutNs > 0 && !(ticks.isConnected() && analytics.isConnected()))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                LOG.log(Level.WARNING, "no subscriber on both streams after {0} ms; starting anyway",
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs));
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private PublicationProxy proxy(final ExclusivePublication publication, final String prefix, final long timeoutNs)
    {
        return new PublicationProxy(
            publication,
            IdleStrategies.of(profile.idleStrategy()),
            clock,
            timeoutNs,
            counters.newCounter(prefix + ".published"),
            counters.newCounter(prefix + ".back_pressure_drops"),
            counters.newCounter(prefix + ".unsubscribed"));
    }

    private void onError(final Throwable ex)
    {
        errors.incrementRelease();
        LOG.log(Level.ERROR, "engine error", ex);
    }

    /**
     * @return true when every feed is exhausted: captures read to the end, the simulator at its message limit.
     */
    public boolean feedDone()
    {
        return null != feedAgent && feedAgent.isDone();
    }

    /**
     * Stop the feed, then wait until every consumer has caught up with the last sequenced tick.
     *
     * @param timeoutMs longest wait.
     * @return true if drained.
     */
    public boolean stopFeedAndDrain(final long timeoutMs)
    {
        CloseHelper.close(feedRunner);
        feedRunner = null;
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (null != ring && ring.getMinimumGatingSequence() < ring.getCursor())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return true;
    }

    /**
     * @return the sequencer, for its gap log once the feed has stopped.
     */
    public Sequencer sequencer()
    {
        return sequencer;
    }

    /**
     * @return the engine's counters.
     */
    public Counters counters()
    {
        return counters;
    }

    /**
     * @return receive-to-kernel latency.
     */
    public LatencyStats latency()
    {
        return latency;
    }

    /**
     * Latency per stage, from frame receipt to each stage done; the kernel's is {@link #latency()}.
     *
     * @return in the order of {@link #STAGE_NAMES}.
     */
    public LatencyStats[] stageLatencies()
    {
        return stages.clone();
    }

    /**
     * Recent notable events (gaps, channel status, instrument definitions, alerts): any thread may offer.
     *
     * @return the engine's events.
     */
    public RecentEvents events()
    {
        return events;
    }

    /**
     * Read the bars the kernel has published since the last call (one reader thread, e.g. the dashboard's).
     *
     * @param handler gets each SBE {@code Bar} message, header included.
     * @param limit   most messages.
     * @return messages read; 0 before the engine has started.
     */
    public int drainBars(final org.agrona.concurrent.MessageHandler handler, final int limit)
    {
        return null == analyticsTap ? 0 : analyticsTap.drainBars(handler, limit);
    }

    /**
     * Each consumer's backlog, so a slow one shows: ticks sequenced that it has not processed yet.
     *
     * @return backlogs of the kernel, the journal and the publisher, in that order.
     */
    public long[] consumerBacklogs()
    {
        final long[] backlogs = new long[CONSUMER_NAMES.length];
        if (null != ring)
        {
            // Consumers first, then the cursor: read the other way round, a consumer can pass the cursor read.
            for (int i = 0; i < backlogs.length; i++)
            {
                backlogs[i] = disruptor.getSequenceValueFor(consumers[i]);
            }
            final long cursor = ring.getCursor();
            for (int i = 0; i < backlogs.length; i++)
            {
                backlogs[i] = cursor - backlogs[i];
            }
        }
        return backlogs;
    }

    /**
     * @return the alerts (rules in force, delivery), or null when they are off.
     */
    public EngineAlerts alerts()
    {
        return alerts;
    }

    /**
     * @return the Aeron directory subscribers connect to.
     */
    public String aeronDir()
    {
        return aeronDir;
    }

    /**
     * @return the last global sequence already journaled when this engine started.
     */
    public long startGlobalSeq()
    {
        return startGlobalSeq;
    }

    /**
     * @return the configuration this engine runs.
     */
    public EngineConfig config()
    {
        return config;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        stopFeedAndDrain(SHUTDOWN_TIMEOUT_MS);
        if (null != disruptor)
        {
            try
            {
                disruptor.shutdown(SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            catch (final com.lmax.disruptor.TimeoutException ex)
            {
                LOG.log(Level.WARNING, "ring did not drain in {0} ms; halting", SHUTDOWN_TIMEOUT_MS);
                disruptor.halt();
            }
            // The journal flushes at each end of batch, so everything sequenced is journaled by now.
            stopHistory();
            // Consumers flush (kernel: open bars, journal: last batch) on their own threads as they stop.
            if (!threads.join(SHUTDOWN_TIMEOUT_MS))
            {
                LOG.log(Level.WARNING, "engine threads did not stop in {0} ms", SHUTDOWN_TIMEOUT_MS);
            }
        }
        stopHistory();
        CloseHelper.close(alerts);
        CloseHelper.close(tsqlRunner);
        if (null != tsqlWorkers)
        {
            tsqlWorkers.shutdownNow();
        }
        CloseHelper.close(replayServerRunner);
        CloseHelper.close(journal);
        CloseHelper.close(aeron);
        CloseHelper.close(driver);
    }

    private final class RingExceptionHandler implements ExceptionHandler<Tick>
    {
        @Override
        public void handleEventException(final Throwable ex, final long sequence, final Tick event)
        {
            // A consumer failed on one tick: count and log it, and keep the consumer running for the next.
            onError(new IllegalStateException("consumer failed at ring sequence " + sequence + ": " + event, ex));
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            onError(ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            onError(ex);
        }
    }
}
