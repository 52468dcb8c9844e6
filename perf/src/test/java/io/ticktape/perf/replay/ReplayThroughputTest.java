package io.ticktape.perf.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench replay} end to end on a small journal: a real journal on disk, the replayer, an embedded media driver
 * and a subscriber in another JVM, which checks that every tick arrived once and in order (a gap or a short count
 * makes the bench fail). Speed is not asserted; that the figures are there and sane is.
 */
class ReplayThroughputTest
{
    private static final Pattern ROUND = Pattern.compile(
        "round (\\d): tailer read loop \\(ceiling\\) ([\\d,]+) ticks/s \\| replay -> Aeron IPC -> other process " +
        "([\\d,]+) ticks/s");

    private static final Pattern FAULTS = Pattern.compile(
        "minor page faults per 1,000 ticks: read loop [\\d.]+ \\| replayer ([\\d.]+) \\| subscriber [\\d.]+; waiting: " +
        "replayer back-pressured [\\d,]+ duty cycles, subscriber found nothing new [\\d,]+ polls");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldReplayEveryTickIntoASubscriberInAnotherProcessAndReportBothRates()
    {
        final String text = run("--ticks", "200000", "--rounds", "2");
        assertThat(text).contains("journal: 200,000 ticks written");
        final Matcher round = ROUND.matcher(text);
        int rounds = 0;
        while (round.find())
        {
            rounds++;
            assertThat(Long.parseLong(round.group(2).replace(",", ""))).as(text).isPositive();
            assertThat(Long.parseLong(round.group(3).replace(",", ""))).as(text).isPositive();
        }
        assertThat(rounds).as(text).isEqualTo(2);
        assertThat(text).contains("subscriber").doesNotContain("subscriber: ");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldTakeThePageFaultsOfAFreshLogOutOfTheReplayWhenPreTouched()
    {
        // 200,000 ticks of 128-byte frames fill 25.6 MB of a fresh 64 MiB term: a fault per 4 KiB page, ~31 per
        // 1,000 ticks, unless the log was touched when it was mapped.
        final double faulting = replayerFaultsPerThousandTicks(run("--ticks", "200000", "--rounds", "1"));
        final double preTouched = replayerFaultsPerThousandTicks(
            run("--ticks", "200000", "--rounds", "1", "--pretouch", "--driver", "spinning"));
        assertThat(faulting).isGreaterThan(10);
        assertThat(preTouched).isLessThan(faulting / 4);
    }

    @Test
    void shouldRefuseAnUnknownDriverIdleStrategy()
    {
        assertThat(refused("--driver", "fast")).contains("--driver must be sleeping or spinning: fast");
    }

    /**
     * @return what a run that must exit 0 wrote, its output and errors together.
     */
    private String run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final String[] withDir = Arrays.copyOf(args, args.length + 2);
        withDir[args.length] = "--dir";
        withDir[args.length + 1] = dir.resolve("bench-" + args.length).toString();
        final int status = ReplayThroughput.run(withDir, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isZero();
        return text;
    }

    private static double replayerFaultsPerThousandTicks(final String text)
    {
        final Matcher faults = FAULTS.matcher(text);
        assertThat(faults.find()).as(text).isTrue();
        return Double.parseDouble(faults.group(1));
    }

    @Test
    void shouldRefuseAnUnknownOption()
    {
        assertThat(refused("--speed", "max")).contains("usage: ticktape bench replay");
    }

    /**
     * @return what a run that must exit 2 (refused before anything runs) wrote to its error stream.
     */
    private static String refused(final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayThroughput.run(args,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }
}
