package io.ticktape.engine.cli;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.ticktape.client.ReplayControlProxy;
import io.ticktape.client.Streams;
import io.ticktape.protocol.Durations;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.ReplayAction;
import io.ticktape.protocol.sbe.ReplayStatusDecoder;
import io.ticktape.replay.ReplayPoint;
import io.ticktape.replay.ReplaySpeed;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ticktape replay-control}: steer a running replay over its control stream and print the status it answers.
 */
@Command(name = "replay-control", mixinStandardHelpOptions = true,
    description = "Control a running replay: pause | resume | step N | speed max|realtime|Nx | seek T|seq:N | stop | " +
        "status.")
final class ReplayControlCommand implements Callable<Integer>
{
    @Parameters(arity = "1..2", paramLabel = "ACTION [ARG]",
        description = "pause | resume | step N | speed S | seek T | stop | status")
    List<String> action;

    @Option(names = "--aeron-dir", description = "Media driver of the replay (default: the replay's embedded one).")
    String aeronDir;

    @Option(names = "--replay-id", defaultValue = "0", description = "Replay addressed (0: every replay).")
    int replayId;

    @Option(names = "--timeout", defaultValue = "5s", description = "How long to wait for the replay's answer.")
    String timeout;

    @Override
    public Integer call()
    {
        final String verb = action.get(0).toLowerCase(Locale.ROOT);
        final String arg = action.size() > 1 ? action.get(1) : null;
        ReplayAction replayAction;
        long value = 0;
        double speed = 0;
        switch (verb)
        {
            case "pause":
                replayAction = ReplayAction.PAUSE;
                break;
            case "resume":
                replayAction = ReplayAction.RESUME;
                break;
            case "stop":
                replayAction = ReplayAction.STOP;
                break;
            case "status":
                replayAction = ReplayAction.STATUS;
                break;
            case "step":
                replayAction = ReplayAction.STEP;
                value = null == arg ? 1 : parsePositive(arg);
                break;
            case "speed":
                replayAction = ReplayAction.SPEED;
                speed = ReplaySpeed.parse(required(arg, "speed"));
                break;
            case "seek":
            {
                final ReplayPoint point = ReplayPoint.parse(required(arg, "seek"));
                replayAction = point.bySeq() ? ReplayAction.SEEK_SEQ : ReplayAction.SEEK_TIME;
                value = point.value();
                break;
            }
            default:
                throw new IllegalArgumentException("unknown action '" + verb +
                    "': expected pause, resume, step N, speed S, seek T, stop or status");
        }

        final String dir = null == aeronDir ? ReplayCommand.defaultReplayAeronDir() : aeronDir;
        if (!CommonContext.isDriverActive(new File(dir), TimeUnit.SECONDS.toMillis(10), msg -> { }))
        {
            throw new IllegalStateException("no media driver running in " + dir + ": is a replay running? (pass " +
                "--aeron-dir if it uses another driver)");
        }
        final long timeoutNs = Durations.parseNs(timeout);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            Publication publication = aeron.addPublication(Streams.DEFAULT_CHANNEL, Streams.REPLAY_CONTROL_STREAM_ID);
            Subscription statuses = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.REPLAY_CONTROL_STREAM_ID))
        {
            final ReplayControlProxy proxy = new ReplayControlProxy(publication);
            final long correlationId = aeron.nextCorrelationId();
            final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
            final long deadlineNs = System.nanoTime() + timeoutNs;
            while (!(publication.isConnected() && statuses.isConnected() &&
                proxy.control(correlationId, replayId, replayAction, value, speed) > 0))
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("no replay listening on control stream " +
                        Streams.REPLAY_CONTROL_STREAM_ID + " in " + dir);
                }
                idle.idle();
            }
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final ReplayStatusDecoder status = new ReplayStatusDecoder();
            final String[] answer = { null };
            while (null == answer[0])
            {
                statuses.poll((buffer, offset, length, h) ->
                {
                    header.wrap(buffer, offset);
                    if (length >= MessageHeaderDecoder.ENCODED_LENGTH + ReplayStatusDecoder.BLOCK_LENGTH &&
                        header.schemaId() == ReplayStatusDecoder.SCHEMA_ID &&
                        header.templateId() == ReplayStatusDecoder.TEMPLATE_ID)
                    {
                        status.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                            header.version());
                        if (status.correlationId() == correlationId)
                        {
                            answer[0] = String.format(Locale.ROOT,
                                "replay %d: %s speed=%s last_seq=%d last_time=%s ticks=%d corrupt_excerpts=%d",
                                status.replayId(), status.state(), ReplaySpeed.toString(status.speed()),
                                status.lastSeq(), 0 == status.lastTimeNs() ? "-" :
                                    Instant.ofEpochSecond(0, status.lastTimeNs()).toString(),
                                status.ticks(), status.corruptExcerpts());
                        }
                    }
                }, 16);
                if (null == answer[0])
                {
                    if (System.nanoTime() - deadlineNs > 0)
                    {
                        System.err.println("ticktape replay-control: sent " + verb + ", but no replay answered in " +
                            timeout);
                        return 1;
                    }
                    idle.idle();
                }
            }
            System.out.println(answer[0]);
        }
        return 0;
    }

    private static String required(final String arg, final String verb)
    {
        if (null == arg)
        {
            throw new IllegalArgumentException(verb + " needs an argument");
        }
        return arg;
    }

    private static long parsePositive(final String text)
    {
        try
        {
            final long value = Long.parseLong(text);
            if (value > 0)
            {
                return value;
            }
        }
        catch (final NumberFormatException ex)
        {
            // Falls through.
        }
        throw new IllegalArgumentException("step needs a positive number of ticks: '" + text + "'");
    }
}
