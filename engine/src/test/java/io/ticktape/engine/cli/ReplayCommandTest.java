package io.ticktape.engine.cli;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ticktape.client.Streams;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replay} and {@code replay-control} as a user meets them: clear one-line errors for what cannot be replayed,
 * a replay through the kernel into a real Aeron subscriber, and control of a running replay.
 */
class ReplayCommandTest
{
    private static final long START_NS = 1_767_623_400_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldSayClearlyWhyNothingCanBeReplayed()
    {
        final Path data = dir.resolve("data");
        Result result = run("replay", "--data-dir", data.toString());
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("no journal in " + data);

        Journal.open(data, "FAST_DAILY", false).close();
        result = run("replay", "--data-dir", data.toString());
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("is empty: nothing to replay");

        write(data, 1_000);
        result = run("replay", "--data-dir", data.toString(), "--from", "seq:5000");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("--from seq:5000 is after the end of the journal (seq 1..1000");

        result = run("replay", "--data-dir", data.toString(), "--from", "2027-01-01T00:00:00Z");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("is after the end of the journal");

        result = run("replay", "--data-dir", data.toString(), "--to", Long.toString(START_NS - 1));
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("is before the start of the journal");

        result = run("replay", "--data-dir", data.toString(), "--speed", "fast");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("bad speed 'fast': expected max, realtime or Nx");

        result = run("replay", "--data-dir", data.toString(), "--from", "yesterday");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("bad time or position 'yesterday'");

        result = run("replay", "--data-dir", data.toString(), "--from", "seq:10", "--to", "seq:5");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("--from seq:10 is after --to seq:5");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldReplayThroughTheKernelIntoAnAeronSubscriberAndObeyReplayControl() throws Exception
    {
        final Path data = dir.resolve("data");
        write(data, 3_000);
        final String aeronDir = dir.resolve("aeron").toString();
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Subscription subscription = aeron.addSubscription(Streams.DEFAULT_CHANNEL, Streams.REPLAY_STREAM_ID))
        {
            final AtomicLong ticks = new AtomicLong();
            final AtomicLong analytics = new AtomicLong();
            final AtomicInteger stop = new AtomicInteger();
            final Thread poller = new Thread(() ->
            {
                while (0 == stop.get())
                {
                    final int work = subscription.poll((buffer, offset, length, header) ->
                    {
                        final int templateId = buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN);
                        (templateId >= 11 && templateId <= 15 ? ticks : analytics).incrementAndGet();
                    }, 256);
                    if (0 == work)
                    {
                        Thread.yield();
                    }
                }
            }, "replay-subscriber");
            poller.start();

            final Result max = run("replay", "--data-dir", data.toString(), "--aeron-dir", aeronDir,
                "--speed", "max", "--analytics", "--quiet");
            assertThat(max.exitCode).as(max.out + max.err).isZero();
            assertThat(max.out).contains("replay: 3,000 ticks");
            assertThat(ticks.get()).isEqualTo(3_000);
            assertThat(analytics.get()).as("VWAP, statistics, bars...").isGreaterThan(1_000);

            // 2.997 s of recorded time at half speed: about 6 s, time enough to steer it.
            final Result[] paced = new Result[1];
            final Thread replay = new Thread(() -> paced[0] = run("replay", "--data-dir", data.toString(),
                "--aeron-dir", aeronDir, "--speed", "0.5x", "--replay-id", "3", "--quiet"), "paced-replay");
            replay.start();
            Result control = runUntil("PAUSED", "replay-control", "--aeron-dir", aeronDir, "--replay-id", "3",
                "--timeout", "1s", "pause");
            assertThat(control.out).contains("replay 3: PAUSED speed=0.5x");
            control = run("replay-control", "--aeron-dir", aeronDir, "--replay-id", "3", "speed", "max");
            assertThat(control.out).contains("replay 3: PAUSED speed=max");
            control = run("replay-control", "--aeron-dir", aeronDir, "resume");
            assertThat(control.exitCode).isZero();
            replay.join(TimeUnit.MINUTES.toMillis(1));
            assertThat(paced[0].exitCode).isZero();

            control = run("replay-control", "--aeron-dir", aeronDir, "--timeout", "500ms", "status");
            assertThat(control.exitCode).isEqualTo(1);
            assertThat(control.err).contains("no replay answered");
            control = run("replay-control", "--aeron-dir", aeronDir, "jump");
            assertThat(control.exitCode).isEqualTo(2);
            assertThat(control.err).contains("unknown action 'jump'");
            stop.set(1);
            poller.join();
        }
    }

    private static Result runUntil(final String expected, final String... args) throws InterruptedException
    {
        // The replay needs a moment to start its control subscription; retry until it answers.
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Result result = run(args);
        while (!result.out.contains(expected) && System.nanoTime() < deadlineNs)
        {
            Thread.sleep(50);
            result = run(args);
        }
        return result;
    }

    private static void write(final Path data, final long count)
    {
        try (TickJournal journal = new TickJournal(Journal.open(data, "FAST_DAILY", false), () -> 0, new Counters()))
        {
            final Tick tick = new Tick();
            for (long seq = 1; seq <= count; seq++)
            {
                tick.globalSeq = seq;
                tick.channelId = 1;
                tick.lineSeq = seq;
                if (seq <= 2)
                {
                    tick.type = TickType.INSTRUMENT;
                    tick.instrumentId = (int)seq;
                    tick.priceExponent = -2;
                    tick.tickSizeMantissa = 1;
                    tick.symbol(seq == 1 ? "AAA" : "BBB");
                }
                else
                {
                    tick.type = seq % 3 == 0 ? TickType.QUOTE : TickType.TRADE;
                    tick.instrumentId = 1 + (int)(seq % 2);
                    tick.exchangeTimeNs = START_NS + seq * 1_000_000L;
                    tick.priceMantissa = 10_000 + seq % 11;
                    tick.size = 1 + seq % 3;
                    tick.bidPriceMantissa = 9_990;
                    tick.bidSize = 5;
                    tick.askPriceMantissa = 10_010;
                    tick.askSize = 5;
                }
                journal.append(tick, seq % 64 == 0);
            }
        }
    }

    private record Result(int exitCode, String out, String err)
    {
    }

    private static Result run(final String... args)
    {
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final boolean capture = !Thread.currentThread().getName().equals("paced-replay");
        try
        {
            if (capture)
            {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            }
            final int code = TicktapeCli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            if (capture)
            {
                System.setOut(originalOut);
                System.setErr(originalErr);
            }
        }
    }
}
