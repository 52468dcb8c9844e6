package io.ticktape.perf;

import io.ticktape.feed.FeedFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

class FeedDecodeBenchmarkTest
{
    private final FeedDecodeBenchmark benchmark = new FeedDecodeBenchmark();

    @Test
    void shouldDecodeEveryMessageOfTheTapeAlikeWithBothDecodersWhenItLaps()
    {
        final FeedDecodeBenchmark.TicktapeState state = new FeedDecodeBenchmark.TicktapeState();
        state.instruments = 16;
        state.setUp();
        final FeedDecodeBenchmark.Counts ours = new FeedDecodeBenchmark.Counts();
        final FeedDecodeBenchmark.Counts naive = new FeedDecodeBenchmark.Counts();
        final long checksumBefore = state.handler.checksum;
        final long naiveChecksumBefore = state.naive.checksum;

        for (int i = 0; i < 2 * DecodeToKernelBenchmark.FRAMES; i++)
        {
            benchmark.ticktape(state, ours);
        }
        for (int i = 0; i < 2 * DecodeToKernelBenchmark.FRAMES; i++)
        {
            benchmark.ticktapeNaive(state, naive);
        }

        assertThat(ours.messages).isEqualTo(2L * state.tape.messageCount());
        assertThat(ours.ticks).isEqualTo(ours.messages);
        assertThat(naive.ticks).isEqualTo(ours.ticks);
        assertThat(naive.messages).isEqualTo(ours.messages);
        assertThat(state.handler.checksum - checksumBefore).isEqualTo(state.naive.checksum - naiveChecksumBefore);
        assertThat(state.naive.last).isInstanceOfAny(NaiveDecoders.Trade.class, NaiveDecoders.Quote.class);
    }

    @Test
    void shouldDecodeTheCaptureAndAgreeOnItsTradesWhenTheCmeDataAndFormatArePresent()
    {
        Assumptions.assumeTrue(Files.isRegularFile(Mdp3Tape.dataDir().resolve(Mdp3Tape.CAPTURE)),
            "no CME capture beside the checkout");
        Assumptions.assumeTrue(hasMdp3(), "this build has no mdp3 format (CME schemas absent at build time)");

        final FeedDecodeBenchmark.Mdp3State all = new FeedDecodeBenchmark.Mdp3State();
        all.packets = "all";
        all.setUp();
        // The capture holds feeds A and B of one channel: 5000 packets each, MsgSeqNum 5615..10614.
        assertThat(all.tape.packetCount()).isEqualTo(5000);
        assertThat(all.tape.messageCount).isEqualTo(20546 / 2);

        final FeedDecodeBenchmark.Mdp3State trades = new FeedDecodeBenchmark.Mdp3State();
        trades.packets = "trades";
        trades.setUp();
        final FeedDecodeBenchmark.Mdp3TradesState naive = new FeedDecodeBenchmark.Mdp3TradesState();
        naive.setUp();
        assertThat(trades.tape.messageCount).isEqualTo(388 / 2);
        assertThat(naive.naive.messages).isEqualTo(trades.handler.tradesAndQuotes).isPositive();

        final FeedDecodeBenchmark.Counts counts = new FeedDecodeBenchmark.Counts();
        for (int i = 0; i < 2 * all.tape.packetCount() + 3; i++)
        {
            benchmark.mdp3(all, counts);
        }
        assertThat(counts.messages).isEqualTo(2L * all.tape.messageCount + all.tape.messages[0] +
            all.tape.messages[1] + all.tape.messages[2]);
        final FeedDecodeBenchmark.Counts naiveCounts = new FeedDecodeBenchmark.Counts();
        for (int i = 0; i < naive.tape.packetCount(); i++)
        {
            benchmark.mdp3TradesNaive(naive, naiveCounts);
        }
        assertThat(naiveCounts.ticks).isEqualTo(trades.handler.tradesAndQuotes);
    }

    @Test
    void shouldFailSetUpWithAClearMessageWhenTheCaptureIsAbsent()
    {
        final String before = System.getProperty(Mdp3Tape.DATA_PROP_NAME);
        System.setProperty(Mdp3Tape.DATA_PROP_NAME, "/nonexistent/ticktape-data");
        try
        {
            final FeedDecodeBenchmark.Mdp3State state = new FeedDecodeBenchmark.Mdp3State();
            state.packets = "all";
            org.assertj.core.api.Assertions.assertThatThrownBy(state::setUp)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("mdp3: no capture at /nonexistent/ticktape-data/cme-mdp3/");
        }
        finally
        {
            if (null == before)
            {
                System.clearProperty(Mdp3Tape.DATA_PROP_NAME);
            }
            else
            {
                System.setProperty(Mdp3Tape.DATA_PROP_NAME, before);
            }
        }
    }

    private static boolean hasMdp3()
    {
        try
        {
            FeedFormat.of("mdp3");
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }
}
