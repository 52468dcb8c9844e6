package io.ticktape.sequencer;

import com.lmax.disruptor.RingBuffer;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulator frames through the real decoder into the sequencer, with the A and B copies of every frame on the same
 * channel (as a merged A/B feed arrives), and a few frames lost on both.
 */
class SequencerPipelineTest
{
    @Test
    void shouldSequenceEachFrameOnceWhenFramesArriveTwiceAndSomeAreLost()
    {
        final RingBuffer<Tick> ring = RingBuffer.createSingleProducer(Tick::new, 1 << 16);
        final Counters counters = new Counters();
        final Sequencer sequencer = new Sequencer(ring, () -> 0, counters, 10_000);
        final TicktapeFeedDecoder decoder = new TicktapeFeedDecoder(sequencer, counters, "feed.sim");
        final MarketSimulator simulator = new MarketSimulator(8, 10, 1_000_000, 6, MarketSimulator.DEFAULT_START_NS);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);

        final List<Long> expectedLineSeqs = new ArrayList<>();
        final int framesSent = 5_000;
        int lost = 0;
        for (int i = 1; i <= framesSent; i++)
        {
            final byte[] frame = Arrays.copyOf(scratch.byteArray(), simulator.nextFrame(scratch, 0));
            if (i % 1000 == 500)
            {
                lost++;
                continue;
            }
            final int messages = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getShort(18);
            for (int m = 0; m < messages; m++)
            {
                expectedLineSeqs.add((long)i);
            }
            decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, i);
            decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, i);
        }

        final int ticks = expectedLineSeqs.size();
        assertThat(ring.getCursor()).isEqualTo(ticks - 1);
        long previousTime = Long.MIN_VALUE;
        for (int i = 0; i < ticks; i++)
        {
            final Tick tick = ring.get(i);
            assertThat(tick.globalSeq).isEqualTo(10_001L + i);
            assertThat(tick.lineSeq).isEqualTo(expectedLineSeqs.get(i));
            assertThat(tick.channelId).isEqualTo(6);
            if (tick.type != TickType.INSTRUMENT)
            {
                assertThat(tick.exchangeTimeNs).isGreaterThanOrEqualTo(previousTime);
                previousTime = tick.exchangeTimeNs;
            }
        }
        assertThat(counters.value("sequencer.duplicate_frames")).isEqualTo(framesSent - lost);
        assertThat(counters.value("sequencer.gaps")).isEqualTo(lost);
        assertThat(counters.value("sequencer.gap_frames")).isEqualTo(lost);
        assertThat(counters.value("sequencer.ticks")).isEqualTo(ticks);
        assertThat(sequencer.lastGlobalSeq()).isEqualTo(10_000L + ticks);
    }
}
