package io.ticktape.engine;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.alerts.AlertJournal;
import io.ticktape.alerts.AlertText;
import io.ticktape.client.Streams;
import io.ticktape.engine.cli.TicktapeCli;
import io.ticktape.replay.ReplayOptions;
import io.ticktape.replay.Replayer;
import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.store.Journal;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine with alert rules on the simulator's shocks and lossy lines: alerts on the Aeron alerts stream equal the
 * alert journal, {@code ticktape alerts} lists it, and the tick journal replayed through a fresh kernel and the same
 * rules ({@code replay --analytics} with the engine's rules, over Aeron) reproduces every alert (same ids, rules,
 * global sequence numbers and values).
 */
class EngineAlertsTest
{
    private static final String RULES = """
        rules: [
          { name: return-shock, metric: returnZScore, raiseAbove: 10, clearBelow: 3, severity: CRITICAL },
          { name: crossed-book, metric: crossedQuote, severity: CRITICAL },
          { name: feed-gap, metric: feedGap, clearAfter: 200ms },
          { name: wide, metric: spreadBps, raiseAbove: 30, clearBelow: 10, minDuration: 1ms }
        ]
        """;

    @TempDir
    Path dir;

    @Test
    void shouldDeliverAlertsThatTheJournalReproduces() throws Exception
    {
        final Path rules = dir.resolve("alerts.yaml");
        Files.writeString(rules, RULES);
        final String aeronDir = dir.resolve("aeron").toString();
        final List<String> streamed = new CopyOnWriteArrayList<>();
        final PollingCollector collector = new PollingCollector()
        {
            @Override
            public void onAlert(final AlertEventDecoder alert)
            {
                streamed.add(AlertText.line(alert));
            }
        };
        final List<String> replayedOverAeron = new CopyOnWriteArrayList<>();
        final PollingCollector replayCollector = new PollingCollector()
        {
            @Override
            public void onAlert(final AlertEventDecoder alert)
            {
                replayedOverAeron.add(AlertText.line(alert));
            }
        };
        final EngineConfig config = new EngineConfig();
        final Map<String, Long> counters;
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Subscription alerts = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.ALERTS_STREAM_ID))
        {
            final Thread poller = new Thread(() -> collector.pollUntilStopped(alerts, alerts), "test-alerts");
            poller.start();
            config.dataDir = dir.resolve("data").toString();
            config.aeronDir = aeronDir;
            config.simulator.seed = 11;
            config.simulator.instruments = 12;
            config.simulator.rate = 250_000;
            config.simulator.paced = false;
            config.simulator.maxMessages = 150_000;
            config.simulator.lineLoss = 0.03;
            config.simulator.shockInterval = "50ms";
            config.alerts.rulesFile = rules.toString();
            final TicktapeEngine engine = TicktapeEngine.launch(config.withDefaults().validate());
            try
            {
                Await.until(engine::feedDone, 3, TimeUnit.MINUTES);
                assertThat(engine.stopFeedAndDrain(60_000)).isTrue();
            }
            finally
            {
                engine.close();
            }
            counters = engine.counters().snapshot();
            Await.until(() -> streamed.size() >= counters.get("alerts.delivered"), 1, TimeUnit.MINUTES);
            collector.stop();
            poller.join();

            // `replay --analytics --alerts`: the tick journal through the real Replayer, with a kernel and the same
            // rules built as live (EngineKernels), published over Aeron; its AlertEvents are collected from there.
            try (ExclusivePublication publication =
                    aeron.addExclusivePublication(Streams.DEFAULT_CHANNEL, Streams.REPLAY_STREAM_ID);
                Subscription replayStream = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.REPLAY_STREAM_ID);
                Replayer replayer = new Replayer(Journal.open(dir.resolve("data"), config.rollCycle, true),
                    new ReplayOptions().analytics(EngineKernels.factory(config)), publication,
                    SystemNanoClock.INSTANCE))
            {
                final Thread replayPoller = new Thread(
                    () -> replayCollector.pollUntilStopped(replayStream, replayStream), "test-replay");
                replayPoller.start();
                final long replayDeadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (!replayer.isDone() && System.nanoTime() < replayDeadlineNs)
                {
                    if (replayer.doWork() == 0)
                    {
                        Thread.yield();
                    }
                }
                assertThat(replayer.isDone()).isTrue();
                Await.until(() -> replayedOverAeron.size() >= counters.get("alerts.delivered"), 1, TimeUnit.MINUTES);
                Thread.sleep(200); // a surplus would show as a difference below
                replayCollector.stop();
                replayPoller.join();
            }
        }
        assertThat(counters.get("engine.errors")).isZero();
        assertThat(counters.get("alerts.inbox_full_drops")).isZero();

        final List<String> journaled = new ArrayList<>();
        final AlertEventDecoder decoder = new AlertEventDecoder();
        try (AlertJournal journal = AlertJournal.openReadOnly(dir.resolve("data"), "FAST_DAILY"))
        {
            journal.readAll((b, o, l) -> journaled.add(AlertText.line(AlertText.decode(b, o, l, decoder))));
        }
        assertThat(journaled).hasSize((int)(long)counters.get("alerts.delivered"));
        assertThat(streamed).containsExactlyElementsOf(journaled);
        assertThat(journaled).anyMatch(line -> line.contains("rule=return-shock"));
        assertThat(journaled).anyMatch(line -> line.contains("rule=feed-gap"));
        assertThat(journaled).anyMatch(line -> line.contains("alert CLEARED"));

        // The tick journal replayed (timers included, as journaled) through a kernel and the same rules: the same
        // alerts, tick for tick.
        assertThat(replayedOverAeron).containsExactlyElementsOf(journaled);

        // ticktape alerts lists the same history.
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            assertThat(TicktapeCli.execute("alerts", "--data-dir", dir.resolve("data").toString())).isZero();
        }
        finally
        {
            System.setOut(stdout);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactlyElementsOf(journaled);
    }
}
