package io.ticktape.engine;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.alerts.AlertEvaluator;
import io.ticktape.alerts.AlertJournal;
import io.ticktape.alerts.AlertText;
import io.ticktape.alerts.CompiledRules;
import io.ticktape.alerts.RuleContext;
import io.ticktape.alerts.RuleLoader;
import io.ticktape.client.Streams;
import io.ticktape.engine.cli.TicktapeCli;
import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.store.Journal;
import io.ticktape.store.JournalReader;
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
 * rules reproduces every alert (same ids, rules, global sequence numbers and values).
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
                final long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (!engine.feedDone() && System.nanoTime() < deadlineNs)
                {
                    Thread.sleep(10);
                }
                assertThat(engine.stopFeedAndDrain(60_000)).isTrue();
            }
            finally
            {
                engine.close();
            }
            counters = engine.counters().snapshot();
            final long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (streamed.size() < counters.get("alerts.delivered") && System.nanoTime() < deadlineNs)
            {
                Thread.sleep(10);
            }
            collector.stop();
            poller.join();
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

        // The tick journal through a fresh kernel and the same rules: the same alerts, tick for tick.
        final List<String> replayed = new ArrayList<>();
        final Counters replayCounters = new Counters();
        final CompiledRules compiled = RuleLoader.load(rules, new RuleContext(config.kernel.toConfiguration()));
        final AlertEvaluator evaluator = new AlertEvaluator((b, o, l) -> { },
            (b, o, l) -> replayed.add(AlertText.line(AlertText.decode(b, o, l, decoder))), compiled, replayCounters);
        final AnalyticsKernel kernel = new AnalyticsKernel(AnalyticsKernel.DEFAULT_BAR_INTERVALS_NS,
            AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS, 0, evaluator, SystemNanoClock.INSTANCE, null, replayCounters,
            config.kernel.toConfiguration());
        try (JournalReader reader = new JournalReader(Journal.open(dir.resolve("data"), "FAST_DAILY", true)))
        {
            reader.readAll(kernel::onTick);
        }
        assertThat(replayed).containsExactlyElementsOf(journaled);

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
