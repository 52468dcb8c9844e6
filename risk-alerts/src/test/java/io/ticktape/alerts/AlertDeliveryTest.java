package io.ticktape.alerts;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.client.PublicationProxy;
import io.ticktape.client.Streams;
import io.ticktape.client.TicktapeListener;
import io.ticktape.client.TicktapeSubscriber;
import io.ticktape.protocol.sbe.AlertAckEncoder;
import io.ticktape.protocol.sbe.AlertAckReplyDecoder;
import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.ticktape.alerts.Ticks.MS;
import static io.ticktape.alerts.Ticks.START_NS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts from a real kernel through the delivery agent: on a real Aeron stream (embedded media driver in a temp dir),
 * in a real Chronicle Queue journal, and acknowledged over Aeron as the CLI does.
 */
class AlertDeliveryTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPublishJournalAndAcknowledge() throws Exception
    {
        final Counters counters = new Counters();
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("aeron").toString())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ExclusivePublication alertsPublication = aeron.addExclusivePublication("aeron:ipc", Streams.ALERTS_STREAM_ID);
            Subscription alertsSubscription = aeron.addSubscription("aeron:ipc", Streams.ALERTS_STREAM_ID);
            Subscription commands = aeron.addSubscription("aeron:ipc", Streams.ALERT_COMMANDS_STREAM_ID);
            Publication commandPublication = aeron.addPublication("aeron:ipc", Streams.ALERT_COMMANDS_STREAM_ID);
            AlertJournal journal = AlertJournal.open(dir.resolve("data"), "FAST_DAILY"))
        {
            final PublicationProxy proxy = new PublicationProxy(alertsPublication, new SleepingMillisIdleStrategy(1),
                SystemNanoClock.INSTANCE, TimeUnit.SECONDS.toNanos(5), counters.newCounter("p"),
                counters.newCounter("d"), counters.newCounter("u"));
            final AlertDeliveryAgent agent = new AlertDeliveryAgent(
                1 << 16, proxy, journal, null, commands, SystemEpochNanoClock.INSTANCE, counters);
            final CompiledRules rules = RuleLoader.parse(
                "rules: [ { name: crossed, metric: crossedQuote, severity: CRITICAL } ]", "t.yaml",
                RuleContext.defaults());
            final io.ticktape.kernel.AnalyticsKernel kernel = new io.ticktape.kernel.AnalyticsKernel(
                io.ticktape.kernel.AnalyticsKernel.DEFAULT_BAR_INTERVALS_NS,
                io.ticktape.kernel.AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS, 0,
                new AlertEvaluator((b, o, l) -> { }, agent, rules, counters),
                SystemNanoClock.INSTANCE, null, counters, io.ticktape.kernel.KernelConfiguration.defaults());
            await(alertsPublication::isConnected, agent);

            final Ticks ticks = new Ticks();
            kernel.onTick(ticks.instrument(4, "NQZ6", -2));
            final Tick crossed = ticks.quote(4, START_NS + MS, 2_000_050, 2_000_000);
            kernel.onTick(crossed);

            final List<String> seen = new CopyOnWriteArrayList<>();
            final long[] alertId = new long[1];
            final TicktapeSubscriber subscriber = new TicktapeSubscriber(new TicktapeListener()
            {
                @Override
                public void onAlert(final AlertEventDecoder alert)
                {
                    alertId[0] = alert.alertId();
                    seen.add(alert.state() + " seq=" + alert.globalSeq() + " " + alert.symbol().trim() + " " +
                        alert.rule());
                }

                @Override
                public void onAlertAckReply(final AlertAckReplyDecoder reply)
                {
                    seen.add("reply " + reply.correlationId() + " " + reply.status());
                }
            });
            await(() -> subscriber.poll(alertsSubscription, 10) >= 0 && seen.size() == 1, agent);
            assertThat(seen).containsExactly("RAISED seq=" + crossed.globalSeq + " NQZ6 crossed");

            final UnsafeBuffer command = new UnsafeBuffer(new byte[64]);
            final AlertAckEncoder ack = new AlertAckEncoder().wrapAndApplyHeader(command, 0, new MessageHeaderEncoder());
            ack.correlationId(77).alertId(alertId[0]);
            await(() -> commandPublication.offer(command, 0, MessageHeaderEncoder.ENCODED_LENGTH +
                AlertAckEncoder.BLOCK_LENGTH) > 0, agent);
            await(() -> subscriber.poll(alertsSubscription, 10) >= 0 && seen.size() == 3, agent);
            assertThat(seen.subList(1, 3)).containsExactly(
                "ACKNOWLEDGED seq=" + crossed.globalSeq + " NQZ6 crossed", "reply 77 ACKNOWLEDGED");

            ack.correlationId(78).alertId(12345);
            await(() -> commandPublication.offer(command, 0, MessageHeaderEncoder.ENCODED_LENGTH +
                AlertAckEncoder.BLOCK_LENGTH) > 0, agent);
            await(() -> subscriber.poll(alertsSubscription, 10) >= 0 && seen.size() == 4, agent);
            assertThat(seen.get(3)).isEqualTo("reply 78 UNKNOWN_ALERT");

            final Tick normal = ticks.quote(4, START_NS + 2 * MS, 2_000_000, 2_000_025);
            kernel.onTick(normal);
            await(() -> subscriber.poll(alertsSubscription, 10) >= 0 && seen.size() == 5, agent);
            assertThat(seen.get(4)).isEqualTo("CLEARED seq=" + normal.globalSeq + " NQZ6 crossed");

            final List<String> journaled = new CopyOnWriteArrayList<>();
            final AlertEventDecoder decoder = new AlertEventDecoder();
            journal.readAll((b, o, l) -> journaled.add(AlertText.line(AlertText.decode(b, o, l, decoder))));
            assertThat(journaled).hasSize(3);
            assertThat(journaled.get(0)).startsWith("alert RAISED id=" + alertId[0] + " rule=crossed severity=CRITICAL " +
                "metric=CROSSED_QUOTE instrument=4 symbol=NQZ6");
            assertThat(journaled.get(1)).startsWith("alert ACKNOWLEDGED id=" + alertId[0]);
            assertThat(journaled.get(2)).startsWith("alert CLEARED id=" + alertId[0]);
            assertThat(counters.value("alerts.delivered")).isEqualTo(3);
        }
    }

    private static void await(final BooleanSupplier condition, final AlertDeliveryAgent agent) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            agent.doWork();
            assertThat(System.nanoTime() - deadline).as("timed out").isNegative();
            Thread.sleep(1);
        }
    }
}
