package io.ticktape.engine.replay;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.client.Streams;
import io.ticktape.engine.Await;
import io.ticktape.engine.EngineConfig;
import io.ticktape.engine.EngineKernels;
import io.ticktape.engine.TicktapeEngine;
import io.ticktape.replay.ReplayOptions;
import io.ticktape.replay.Replayer;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
import org.agrona.CloseHelper;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heart of replay: the live pipeline (simulator, feed decoder, A/B arbitration with line loss, sequencer,
 * Disruptor, kernel, Chronicle Queue journal, Aeron IPC through a real media driver) runs on simulated ticks while a
 * real Aeron subscriber digests every analytics output in order; then the journal is replayed through a kernel built
 * from the same configuration, published on Aeron again, and digested by the same kind of subscriber. The digests
 * must be identical. Only {@code emittedNs}, the wall-clock encode time in each envelope, is left out.
 */
class ReplayDeterminismTest
{
    private static final long MESSAGES = 60_000;

    @TempDir
    Path dir;

    private MediaDriver driver;
    private Aeron aeron;
    private final EngineConfig config = new EngineConfig();
    private volatile boolean tickStop;

    @BeforeEach
    void start()
    {
        final String aeronDir = dir.resolve("aeron").toString();
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        config.dataDir = dir.resolve("data").toString();
        config.aeronDir = aeronDir;
        config.awaitSubscribersTimeout = "10s";
        config.backPressureTimeout = "60s"; // the digest needs every output: never drop one
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(aeron, driver);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldReplayTheJournalThroughTheKernelToTheDigestLiveSubscribersSaw() throws Exception
    {
        config.simulator.seed = 99;
        config.simulator.instruments = 16;
        config.simulator.rate = 5_000; // exchange time: ~12 s of trading, so 1 s bars close and stale checks run
        config.simulator.paced = false;
        config.simulator.maxMessages = MESSAGES;
        config.simulator.lineLoss = 0.05; // frames lost on both lines: gap ticks in the sequence too

        final DigestCollector live = new DigestCollector();
        final Map<String, Long> counters = runLive(live, TicktapeEngine::feedDone, 3, engine -> { });
        assertThat(counters.get("publisher.analytics.back_pressure_drops")).isZero();
        assertThat(counters.get("publisher.analytics.unsubscribed")).isZero();
        assertThat(counters.get("engine.errors")).isZero();
        assertThat(counters.get("sequencer.gaps")).as("line loss made gaps").isPositive();
        assertThat(live.analytics()).isEqualTo(counters.get("publisher.analytics.published"))
            .isGreaterThan(MESSAGES / 2);

        // Replay through a kernel configured as live, over Aeron, into another subscriber.
        final DigestCollector replayed = replay(aeron, config, config, counters.get("journal.ticks"),
            live.analytics());

        assertSameOutputs(replayed, live);

        // Every kind of output took part: bars, VWAP, anomaly scores, statistics, activity bars.
        final java.util.Set<Long> templates = new java.util.HashSet<>();
        for (int i = 0; i < live.outputs.size(); i++)
        {
            templates.add(live.outputs.getLong(i) >>> 48);
        }
        assertThat(templates).contains(21L, 22L, 23L, 24L, 25L);

        // The digest can tell: a kernel configured otherwise (other bar intervals) gives another one.
        final EngineConfig other = config.deepCopy();
        other.barIntervals = new java.util.ArrayList<>(java.util.List.of("2s", "1m"));
        final DigestCollector different = replay(aeron, config, other, counters.get("journal.ticks"), 1);
        assertThat(different.hex()).isNotEqualTo(live.hex());
    }

    /**
     * Timers really fire: a paced simulator at a low rate on four instruments leaves silences longer than the timer's
     * grace, so the feed thread's timers move the kernel's clock between ticks and close 100 ms and 1 s bars, and
     * after the feed stops the engine keeps running until timers have closed the last 1 s bars. The journal holds
     * those timers in their place, so the replay through the kernel closes the same bars at the same point of the
     * stream, with the same causing sequence numbers: the same digest. The ticks streams carry no timer.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldReplayBarsClosedByTimersWhereLiveClosedThem() throws Exception
    {
        config.simulator.seed = 7;
        config.simulator.instruments = 4;
        config.simulator.rate = 50; // a message every 20 ms on average: many silences beyond the grace
        config.simulator.paced = true;
        config.simulator.maxMessages = 150; // ~3 s
        config.timerInterval = "2ms";
        config.timerGrace = "10ms";
        config.barIntervals = new java.util.ArrayList<>(java.util.List.of("100ms", "1s"));
        config.kernel.staleBudget = "300ms";

        final long second = TimeUnit.SECONDS.toNanos(1);
        final DigestCollector live = new DigestCollector();
        // The feed falls silent; the engine runs on until timers have closed the last 1 s bars.
        final Map<String, Long> counters = runLive(live, engine -> engine.feedDone() && live.maxTickTimeNs() > 0 &&
            live.maxClosedBarEndNs() >= (live.maxTickTimeNs() / second + 1) * second, 1, engine ->
            {
                assertThat(engine.feedDone()).isTrue();
                assertThat(live.maxClosedBarEndNs()).as("last 1 s bars closed while the engine ran")
                    .isGreaterThanOrEqualTo((live.maxTickTimeNs() / second + 1) * second);
            });
        assertThat(counters.get("publisher.analytics.back_pressure_drops")).isZero();
        assertThat(counters.get("engine.errors")).isZero();
        assertThat(counters.get("sequencer.timers")).isPositive();
        // Every timer reached the kernel and the journal; none the ticks stream.
        assertThat(counters.get("kernel.timers")).isEqualTo(counters.get("sequencer.timers"));
        assertThat(counters.get("journal.timers")).isEqualTo(counters.get("sequencer.timers"));
        assertThat(counters.get("journal.ticks")).isEqualTo(counters.get("sequencer.ticks"));
        assertThat(live.timerTicks()).isZero();

        // Independent of the kernel: from the journal, the clock the ticks alone give after each sequence number,
        // and which sequence numbers a timer followed. A closed bar naming a sequence whose ticks had not reached
        // its end, and after which a timer came, was closed by that timer.
        final Long2LongHashMap tickClock = new Long2LongHashMap(Long.MIN_VALUE);
        final LongHashSet timerAfter = new LongHashSet();
        final long[] clock = { 0 };
        final long[] timers = { 0 };
        try (JournalReader reader =
            new JournalReader(Journal.open(Path.of(config.dataDir), config.rollCycle, true)))
        {
            reader.readAll(tick ->
            {
                if (tick.type == TickType.TIMER)
                {
                    timers[0]++;
                    timerAfter.add(tick.globalSeq);
                    return;
                }
                if (tick.type == TickType.TRADE || tick.type == TickType.QUOTE)
                {
                    clock[0] = Math.max(clock[0], tick.exchangeTimeNs);
                }
                tickClock.put(tick.globalSeq, clock[0]);
            }, true);
        }
        assertThat(timers[0]).isEqualTo(counters.get("journal.timers"));
        final long lastSeq = counters.get("sequencer.last_global_seq");
        int timerClosed = 0;
        int timerClosedMidStream = 0;
        for (int i = 0; i < live.closedBars.size(); i += 2)
        {
            final long seq = live.closedBars.getLong(i);
            final long endNs = live.closedBars.getLong(i + 1);
            if (timerAfter.contains(seq) && tickClock.get(seq) < endNs)
            {
                timerClosed++;
                timerClosedMidStream += seq < lastSeq ? 1 : 0;
            }
        }
        assertThat(timerClosed).as("bars closed by timers").isPositive();
        // Before the last tick: where a replay without the timers would close them on a later tick instead.
        assertThat(timerClosedMidStream).as("bars closed by timers between ticks").isPositive();

        final DigestCollector replayed = replay(aeron, config, config, counters.get("journal.ticks"),
            live.analytics());
        assertThat(replayed.timerTicks()).isZero();
        assertThat(replayed.closedBars).isEqualTo(live.closedBars);
        assertSameOutputs(replayed, live);
    }

    private static DigestCollector replay(
        final Aeron aeron, final EngineConfig config, final EngineConfig kernelConfig, final long journaledTicks,
        final long expectedOutputs) throws InterruptedException
    {
        final DigestCollector replayed = new DigestCollector();
        try (ExclusivePublication publication =
                aeron.addExclusivePublication(Streams.DEFAULT_CHANNEL, Streams.REPLAY_STREAM_ID);
            Subscription subscription = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.REPLAY_STREAM_ID);
            Replayer replayer = new Replayer(Journal.open(Path.of(config.dataDir), config.rollCycle, true),
                new ReplayOptions().analytics(EngineKernels.factory(kernelConfig)), publication,
                SystemNanoClock.INSTANCE))
        {
            final Thread poller = new Thread(() -> replayed.pollUntilStopped(subscription), "replay-digest");
            poller.start();
            final YieldingIdleStrategy idle = new YieldingIdleStrategy();
            final long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!replayer.isDone() && System.nanoTime() < deadlineNs)
            {
                idle.idle(replayer.doWork());
            }
            assertThat(replayer.isDone()).isTrue();
            awaitCount(replayed, expectedOutputs);
            // Let anything past the expected count arrive too, so a surplus shows as a difference.
            final long countNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() < countNs)
            {
                Thread.sleep(10);
            }
            replayed.stop();
            poller.join();
            assertThat(replayer.ticks()).isEqualTo(journaledTicks);
            assertThat(replayed.ticks()).isEqualTo(journaledTicks);
            assertThat(replayer.corruptExcerpts()).isZero();
        }
        return replayed;
    }

    /**
     * The live run: a digest subscriber on the analytics stream, the ticks stream drained into the same collector
     * (which counts timers there, of which there must be none), the engine until {@code done}, checks while it still
     * runs, then its close (the kernel publishes its open bars as it stops, as in production) and every output.
     */
    private Map<String, Long> runLive(
        final DigestCollector live, final Predicate<TicktapeEngine> done, final long timeoutMinutes,
        final Consumer<TicktapeEngine> whileRunning) throws InterruptedException
    {
        try (Subscription analytics = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.ANALYTICS_STREAM_ID);
            Subscription ticks = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.TICKS_STREAM_ID))
        {
            final Thread poller = new Thread(() -> live.pollUntilStopped(analytics), "live-digest");
            final Thread tickPoller = new Thread(() -> drain(ticks, live), "live-ticks");
            poller.start();
            tickPoller.start();
            final TicktapeEngine engine = TicktapeEngine.launch(config);
            try
            {
                Await.until(() -> done.test(engine), timeoutMinutes, TimeUnit.MINUTES);
                whileRunning.accept(engine);
                assertThat(engine.feedDone()).isTrue();
            }
            finally
            {
                engine.close();
            }
            final Map<String, Long> counters = engine.counters().snapshot();
            awaitCount(live, counters.get("publisher.analytics.published"));
            live.stop();
            tickStop = true;
            poller.join();
            tickPoller.join();
            return counters;
        }
    }

    private static void assertSameOutputs(final DigestCollector replayed, final DigestCollector live)
    {
        assertThat(replayed.analytics()).isEqualTo(live.analytics());
        for (int i = 0; i < live.outputs.size(); i++)
        {
            final long expected = live.outputs.getLong(i);
            assertThat(replayed.outputs.getLong(i))
                .as("output %d: template %d seq %d", i, expected >>> 48, expected & 0xFFFF_FFFF_FFFFL)
                .isEqualTo(expected);
        }
        assertThat(replayed.hex()).as("SHA-256 of every analytics output, emittedNs excluded").isEqualTo(live.hex());
    }

    private void drain(final Subscription ticks, final DigestCollector counter)
    {
        final org.agrona.concurrent.SleepingMillisIdleStrategy idle =
            new org.agrona.concurrent.SleepingMillisIdleStrategy(1);
        while (!tickStop)
        {
            idle.idle(ticks.poll(counter, 1024));
        }
    }

    private static void awaitCount(final DigestCollector collector, final long expected) throws InterruptedException
    {
        Await.until(() -> collector.analytics() >= expected, 1, TimeUnit.MINUTES);
        assertThat(collector.analytics()).isGreaterThanOrEqualTo(expected);
    }
}
