package io.ticktape.sequencer;

import com.lmax.disruptor.RingBuffer;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SequencerTest
{
    private final RingBuffer<Tick> ring = RingBuffer.createSingleProducer(Tick::new, 1024);
    private final Counters counters = new Counters();
    private long clockReadings;

    private Sequencer sequencer(final long lastGlobalSeq)
    {
        return new Sequencer(ring, () -> 1_000_000L + 10 * ++clockReadings, counters, lastGlobalSeq);
    }

    @Test
    void shouldNumberTicksDenselyAfterLastGlobalSeqWhenPublishing()
    {
        final Sequencer sequencer = sequencer(500);
        assertThat(counters.value("sequencer.last_global_seq")).isEqualTo(500);

        final List<Tick> sent = new ArrayList<>();
        final List<Long> frameClock = new ArrayList<>();
        for (int frame = 1; frame <= 40; frame++)
        {
            assertThat(sequencer.onFrame(3, frame, 777L * frame, 99L * frame)).isTrue();
            final long readings = clockReadings;
            for (int i = 0; i < 1 + frame % 4; i++)
            {
                final Tick tick = trade(3, frame, 99L * frame, -frame * 100L - i);
                sent.add(new Tick().copyFrom(tick));
                frameClock.add(1_000_000L + 10 * readings);
                sequencer.onTick(tick);
            }
        }

        assertThat(ring.getCursor()).isEqualTo(sent.size() - 1);
        for (int i = 0; i < sent.size(); i++)
        {
            final Tick published = ring.get(i);
            final Tick expected = sent.get(i);
            assertThat(published.globalSeq).isEqualTo(501L + i);
            // The clock is read once a frame, after onFrame: every tick of the frame carries that reading.
            assertThat(published.sequencedNs).isEqualTo(frameClock.get(i));
            assertThat(published.sequencedNs).isGreaterThanOrEqualTo(i == 0 ? 0 : ring.get(i - 1).sequencedNs);
            assertThat(published.type).isEqualTo(TickType.TRADE);
            assertThat(published.channelId).isEqualTo(expected.channelId);
            assertThat(published.lineSeq).isEqualTo(expected.lineSeq);
            assertThat(published.receiveNs).isEqualTo(expected.receiveNs);
            assertThat(published.instrumentId).isEqualTo(expected.instrumentId);
            assertThat(published.exchangeTimeNs).isEqualTo(expected.exchangeTimeNs);
            assertThat(published.priceMantissa).isEqualTo(expected.priceMantissa);
            assertThat(published.size).isEqualTo(expected.size);
            assertThat(published.tradeId).isEqualTo(expected.tradeId);
        }
        assertThat(sequencer.lastGlobalSeq()).isEqualTo(500L + sent.size());
        assertThat(counters.value("sequencer.ticks")).isEqualTo(sent.size());
        assertThat(counters.value("sequencer.last_global_seq")).isEqualTo(500L + sent.size());
    }

    @Test
    void shouldPublishTimerWithLastGlobalSeqOnlyAfterSilenceLongerThanGrace()
    {
        final Sequencer sequencer = sequencer(41);
        assertThat(sequencer.onTimer(5_000_000, 0)).as("nothing before the first tick").isZero();
        sequencer.onFrame(1, 1, 0, 0);
        final long sequencedNs = 1_000_000L + 10 * clockReadings;
        sequencer.onTick(trade(1, 1, 0, 100));
        final long exchangeNs = 1_000;

        assertThat(sequencer.onTimer(sequencedNs + 500, 1_000)).as("within the grace").isZero();
        assertThat(sequencer.onTimer(sequencedNs + 1_500, 1_000)).isEqualTo(1);
        final Tick timer = ring.get(ring.getCursor());
        assertThat(timer.type).isEqualTo(TickType.TIMER);
        assertThat(timer.globalSeq).isEqualTo(42);
        assertThat(timer.exchangeTimeNs).isEqualTo(exchangeNs + 500);
        assertThat(timer.instrumentId).isZero();
        assertThat(sequencer.onTimer(sequencedNs + 1_500, 1_000)).as("time has not moved").isZero();
        assertThat(sequencer.onTimer(sequencedNs + 4_000, 1_000)).isEqualTo(1);
        assertThat(ring.get(ring.getCursor()).exchangeTimeNs).isEqualTo(exchangeNs + 3_000);

        // Timers take no sequence number: the next tick is 43, and only ticks count as sequenced.
        sequencer.onFrame(1, 2, 0, 0);
        sequencer.onTick(trade(1, 2, 0, 100));
        assertThat(ring.get(ring.getCursor()).globalSeq).isEqualTo(43);
        assertThat(counters.value("sequencer.ticks")).isEqualTo(2);
        assertThat(counters.value("sequencer.timers")).isEqualTo(2);
    }

    @Test
    void shouldStartAtOneWhenJournalIsNew()
    {
        final Sequencer sequencer = sequencer(0);
        sequencer.onFrame(0, 1, 0, 0);
        sequencer.onTick(trade(0, 1, 0, 5));
        assertThat(ring.get(0).globalSeq).isEqualTo(1);
        assertThat(sequencer.lastGlobalSeq()).isEqualTo(1);
    }

    @Test
    void shouldCopyInstrumentSymbolWhenPublishing()
    {
        final Sequencer sequencer = sequencer(0);
        final Tick instrument = new Tick();
        instrument.type = TickType.INSTRUMENT;
        instrument.instrumentId = 4;
        instrument.priceExponent = -4;
        instrument.tickSizeMantissa = 25;
        instrument.symbol("ESZ6-ESH7");
        sequencer.onFrame(0, 1, 0, 0);
        sequencer.onTick(instrument);
        instrument.symbol("OVERWRITTEN");

        assertThat(ring.get(0).symbolAsString()).isEqualTo("ESZ6-ESH7");
        assertThat(ring.get(0).priceExponent).isEqualTo(-4);
        assertThat(ring.get(0).tickSizeMantissa).isEqualTo(25);
    }

    @Test
    void shouldDropAndCountFramesWhenLineSeqBelowExpected()
    {
        final Sequencer sequencer = sequencer(0);

        assertThat(sequencer.onFrame(1, 1, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(1, 2, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(1, 2, 0, 0)).isFalse();
        assertThat(sequencer.onFrame(1, 1, 0, 0)).isFalse();
        assertThat(sequencer.onFrame(1, 3, 0, 0)).isTrue();

        assertThat(counters.value("sequencer.duplicate_frames")).isEqualTo(2);
        assertThat(counters.value("sequencer.gaps")).isZero();
        assertThat(counters.value("sequencer.gap_frames")).isZero();
    }

    @Test
    void shouldCountGapsAndMissingFramesWhenLineSeqJumps()
    {
        final Sequencer sequencer = sequencer(0);

        assertThat(sequencer.onFrame(1, 1, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(1, 2, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(1, 5, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(1, 6, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(1, 10, 0, 0)).isTrue();
        // A frame from inside the gap that arrives late is below the expected sequence: dropped.
        assertThat(sequencer.onFrame(1, 8, 0, 0)).isFalse();

        assertThat(counters.value("sequencer.gaps")).isEqualTo(2);
        assertThat(counters.value("sequencer.gap_frames")).isEqualTo(2 + 3);
        assertThat(counters.value("sequencer.duplicate_frames")).isEqualTo(1);
    }

    @Test
    void shouldAcceptAnyLineSeqWhenChannelFirstSeen()
    {
        final Sequencer sequencer = sequencer(0);

        assertThat(sequencer.onFrame(4, 1_000_000, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(5, 0, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(5, 1, 0, 0)).isTrue();

        assertThat(counters.value("sequencer.gaps")).isZero();
        assertThat(counters.value("sequencer.duplicate_frames")).isZero();
    }

    @Test
    void shouldTrackEachChannelSeparatelyWhenInterleaved()
    {
        final Sequencer sequencer = sequencer(0);

        assertThat(sequencer.onFrame(1, 1, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(1, 2, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(2, 1, 0, 0)).as("same lineSeq, other channel").isTrue();
        assertThat(sequencer.onFrame(0xFFFF, 7, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(1, 3, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(2, 2, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(0xFFFF, 8, 0, 0)).isTrue();
        assertThat(counters.value("sequencer.gaps")).isZero();

        assertThat(sequencer.onFrame(2, 4, 0, 0)).isTrue();
        assertThat(sequencer.onFrame(1, 4, 0, 0)).as("channel 1 has no gap").isTrue();
        assertThat(sequencer.onFrame(0xFFFF, 8, 0, 0)).isFalse();

        assertThat(counters.value("sequencer.gaps")).isEqualTo(1);
        assertThat(counters.value("sequencer.gap_frames")).isEqualTo(1);
        assertThat(counters.value("sequencer.duplicate_frames")).isEqualTo(1);
    }

    @Property(tries = 500)
    void shouldMatchPerChannelModelWhenFramesArriveInAnyOrder(
        @ForAll @Size(max = 200) final List<@IntRange(min = 0, max = 2) Integer> channels,
        @ForAll @Size(max = 200) final List<@IntRange(min = 1, max = 30) Integer> lineSeqs)
    {
        final Counters counters = new Counters();
        final Sequencer sequencer = new Sequencer(RingBuffer.createSingleProducer(Tick::new, 16), () -> 0, counters, 0);
        final Map<Integer, Long> highest = new HashMap<>();
        long duplicates = 0;
        long gaps = 0;
        long missing = 0;
        final int frames = Math.min(channels.size(), lineSeqs.size());
        for (int i = 0; i < frames; i++)
        {
            final int channel = channels.get(i);
            final long lineSeq = lineSeqs.get(i);
            final Long seen = highest.get(channel);
            final boolean expectAccept = null == seen || lineSeq > seen;
            if (!expectAccept)
            {
                duplicates++;
            }
            else
            {
                if (null != seen && lineSeq > seen + 1)
                {
                    gaps++;
                    missing += lineSeq - seen - 1;
                }
                highest.put(channel, lineSeq);
            }

            assertThat(sequencer.onFrame(channel, lineSeq, 0, 0)).as("frame %d", i).isEqualTo(expectAccept);
        }
        assertThat(counters.value("sequencer.duplicate_frames")).isEqualTo(duplicates);
        assertThat(counters.value("sequencer.gaps")).isEqualTo(gaps);
        assertThat(counters.value("sequencer.gap_frames")).isEqualTo(missing);
    }

    private static Tick trade(final int channelId, final long lineSeq, final long receiveNs, final long price)
    {
        final Tick tick = new Tick();
        tick.type = TickType.TRADE;
        tick.channelId = channelId;
        tick.lineSeq = lineSeq;
        tick.receiveNs = receiveNs;
        tick.instrumentId = (int)(lineSeq % 7);
        tick.exchangeTimeNs = 1_000 * lineSeq;
        tick.priceMantissa = price;
        tick.size = lineSeq;
        tick.tradeId = lineSeq * 10;
        return tick;
    }
}
