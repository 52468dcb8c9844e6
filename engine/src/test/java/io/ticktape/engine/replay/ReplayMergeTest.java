package io.ticktape.engine.replay;

import io.aeron.Aeron;
import io.ticktape.client.ReplayMergeSubscriber;
import io.ticktape.client.Streams;
import io.ticktape.client.TicktapeListener;
import io.ticktape.engine.Await;
import io.ticktape.engine.EngineConfig;
import io.ticktape.engine.TicktapeEngine;
import io.ticktape.protocol.sbe.ChannelStatusDecoder;
import io.ticktape.protocol.sbe.GapDecoder;
import io.ticktape.protocol.sbe.InstrumentTickDecoder;
import io.ticktape.protocol.sbe.QuoteTickDecoder;
import io.ticktape.protocol.sbe.TradeTickDecoder;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay-merge against a running engine: two late joiners, one from the first tick and one from the middle of the
 * journal, each get every tick from their point on, in order, exactly once: first from the journal, then live.
 */
class ReplayMergeTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldSwitchALateJoinerFromTheJournalToLiveWithoutAGapOrADuplicate() throws Exception
    {
        final EngineConfig config = new EngineConfig();
        config.dataDir = dir.resolve("data").toString();
        config.embeddedAeronDir = dir.resolve("aeron").toString();
        config.simulator.rate = 20_000;
        config.simulator.instruments = 5;
        config.simulator.lineLoss = 0.05;

        final TicktapeEngine engine = TicktapeEngine.launch(config);
        final Recorder fromStart = new Recorder();
        final Recorder fromMiddle = new Recorder();
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(engine.aeronDir())))
        {
            awaitJournaled(engine, 30_000);
            try (ReplayMergeSubscriber first = new ReplayMergeSubscriber(aeron, Streams.DEFAULT_CHANNEL,
                    Streams.TICKS_STREAM_ID, Streams.REPLAY_CONTROL_STREAM_ID, Streams.REPLAY_STREAM_ID, 1, fromStart);
                ReplayMergeSubscriber middle = new ReplayMergeSubscriber(aeron, Streams.DEFAULT_CHANNEL,
                    Streams.TICKS_STREAM_ID, Streams.REPLAY_CONTROL_STREAM_ID, Streams.REPLAY_STREAM_ID, 12_345,
                    fromMiddle))
            {
                long liveAtFirst = 0;
                long liveAtMiddle = 0;
                final long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (System.nanoTime() < deadlineNs &&
                    !(first.isLive() && middle.isLive() && first.nextSeq() > liveAtFirst + 10_000 &&
                    middle.nextSeq() > liveAtMiddle + 10_000))
                {
                    final int work = first.poll(256) + middle.poll(256);
                    liveAtFirst = first.isLive() && 0 == liveAtFirst ? first.nextSeq() : liveAtFirst;
                    liveAtMiddle = middle.isLive() && 0 == liveAtMiddle ? middle.nextSeq() : liveAtMiddle;
                    if (0 == work)
                    {
                        Thread.yield();
                    }
                }
                assertThat(first.isLive()).isTrue();
                assertThat(middle.isLive()).isTrue();
                assertThat(first.gaps()).isZero();
                assertThat(middle.gaps()).isZero();
                assertThat(first.replayed()).as("came from the journal").isGreaterThanOrEqualTo(30_000);
                assertThat(liveAtFirst).as("then from the live stream").isGreaterThan(30_000);
            }
        }
        finally
        {
            engine.close();
        }
        assertThat(engine.counters().value("sequencer.gaps")).as("gap ticks are merged too").isPositive();
        fromStart.assertDenseFrom(1);
        fromMiddle.assertDenseFrom(12_345);
    }

    private static void awaitJournaled(final TicktapeEngine engine, final long ticks) throws InterruptedException
    {
        Await.until(() -> engine.counters().value("journal.ticks") >= ticks, 1, TimeUnit.MINUTES);
        assertThat(engine.counters().value("journal.ticks")).isGreaterThanOrEqualTo(ticks);
    }

    /**
     * Every global sequence number delivered, in delivery order.
     */
    private static final class Recorder implements TicktapeListener
    {
        final LongArrayList seqs = new LongArrayList();

        @Override
        public void onInstrument(final InstrumentTickDecoder m)
        {
            seqs.addLong(m.envelope().globalSeq());
        }

        @Override
        public void onTrade(final TradeTickDecoder m)
        {
            seqs.addLong(m.envelope().globalSeq());
        }

        @Override
        public void onQuote(final QuoteTickDecoder m)
        {
            seqs.addLong(m.envelope().globalSeq());
        }

        @Override
        public void onGap(final GapDecoder m)
        {
            seqs.addLong(m.envelope().globalSeq());
        }

        @Override
        public void onChannelStatus(final ChannelStatusDecoder m)
        {
            seqs.addLong(m.envelope().globalSeq());
        }

        void assertDenseFrom(final long first)
        {
            assertThat(seqs.size()).isGreaterThan(10_000);
            for (int i = 0; i < seqs.size(); i++)
            {
                assertThat(seqs.getLong(i)).as("delivery %d", i).isEqualTo(first + i);
            }
        }
    }
}
