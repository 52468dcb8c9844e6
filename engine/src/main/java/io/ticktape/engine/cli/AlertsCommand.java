package io.ticktape.engine.cli;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.ticktape.alerts.AlertJournal;
import io.ticktape.alerts.AlertText;
import io.ticktape.client.Streams;
import io.ticktape.client.TicktapeListener;
import io.ticktape.client.TicktapeSubscriber;
import io.ticktape.engine.TicktapeEngine;
import io.ticktape.protocol.Durations;
import io.ticktape.protocol.sbe.AlertAckEncoder;
import io.ticktape.protocol.sbe.AlertAckReplyDecoder;
import io.ticktape.protocol.sbe.AlertAckStatus;
import io.ticktape.protocol.sbe.AlertEventDecoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ticktape alerts}: the alert history from the journal; {@code ticktape alerts ack ID} acknowledges a raised
 * alert in a running engine over Aeron.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = "List the alert history (journal under --data-dir), or acknowledge an alert (ack ID).",
    subcommands = AlertsCommand.Ack.class)
final class AlertsCommand implements Callable<Integer>
{
    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--roll-cycle", defaultValue = "FAST_DAILY", description = "Journal roll cycle.")
    String rollCycle;

    @Option(names = "--json", description = "One JSON object per line instead of text.")
    boolean json;

    @Override
    public Integer call()
    {
        final Path folder = dataDir.resolve(AlertJournal.FOLDER);
        if (!Files.isDirectory(folder))
        {
            throw new IllegalArgumentException("no alert journal in " + dataDir + " (expected " + folder + ")");
        }
        final PrintStream out = System.out;
        final AlertEventDecoder decoder = new AlertEventDecoder();
        final long[] skipped = new long[1];
        final long count;
        try (AlertJournal journal = AlertJournal.openReadOnly(dataDir, rollCycle))
        {
            count = journal.readAll((buffer, offset, length) ->
            {
                final AlertEventDecoder alert = AlertText.decode(buffer, offset, length, decoder);
                if (null == alert)
                {
                    skipped[0]++;
                    return;
                }
                out.println(json ? AlertText.json(alert) : AlertText.line(alert));
            });
        }
        out.flush();
        if (skipped[0] > 0)
        {
            System.err.printf("ticktape alerts: %d of %d journal entries were not alerts and were skipped%n",
                skipped[0], count);
        }
        return 0;
    }

    /**
     * {@code ticktape alerts ack ID}: publish an AlertAck and wait for the engine's reply.
     */
    @Command(name = "ack", mixinStandardHelpOptions = true,
        description = "Acknowledge a raised alert in a running engine.")
    static final class Ack implements Callable<Integer>
    {
        @Parameters(index = "0", description = "Alert id (from tail --stream alerts or the alert history).")
        long alertId;

        @Option(names = "--aeron-dir", description = "Media driver directory of the engine (default: the demo's).")
        String aeronDir;

        @Option(names = "--channel", defaultValue = Streams.DEFAULT_CHANNEL, description = "Aeron channel.")
        String channel;

        @Option(names = "--timeout", defaultValue = "5s", description = "How long to wait for the engine's answer.")
        String timeout;

        @Override
        public Integer call()
        {
            final String dir = null == aeronDir ? TicktapeEngine.defaultAeronDir() : aeronDir;
            if (!CommonContext.isDriverActive(new File(dir), TimeUnit.SECONDS.toMillis(10), msg -> { }))
            {
                throw new IllegalStateException("no media driver running in " + dir +
                    ": is the engine running? (pass --aeron-dir)");
            }
            final long timeoutNs = Durations.parseNs(timeout);
            final long correlationId = System.nanoTime();
            final AlertAckStatus[] status = new AlertAckStatus[1];
            final TicktapeSubscriber subscriber = new TicktapeSubscriber(new TicktapeListener()
            {
                @Override
                public void onAlertAckReply(final AlertAckReplyDecoder reply)
                {
                    if (reply.correlationId() == correlationId)
                    {
                        status[0] = reply.status();
                    }
                }
            });
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            new AlertAckEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .correlationId(correlationId)
                .alertId(alertId);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + AlertAckEncoder.BLOCK_LENGTH;
            final long deadlineNs = System.nanoTime() + timeoutNs;
            try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
                Subscription replies = aeron.addSubscription(channel, Streams.ALERTS_STREAM_ID);
                Publication commands = aeron.addPublication(channel, Streams.ALERT_COMMANDS_STREAM_ID))
            {
                boolean sent = false;
                while (null == status[0] && System.nanoTime() - deadlineNs < 0)
                {
                    if (!sent && replies.isConnected())
                    {
                        sent = commands.offer(buffer, 0, length) > 0;
                    }
                    if (subscriber.poll(replies, 64) == 0)
                    {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                }
            }
            if (null == status[0])
            {
                System.err.printf("ticktape alerts ack: no answer from the engine in %s (is it running with alerts " +
                    "on, in %s?)%n", timeout, dir);
                return 1;
            }
            System.out.printf("alert %d: %s%n", alertId, status[0]);
            return status[0] == AlertAckStatus.ACKNOWLEDGED ? 0 : 1;
        }
    }
}
