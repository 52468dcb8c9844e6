package io.ticktape.sequencer;

import com.lmax.disruptor.RingBuffer;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SequencerRecoveryTest
{
    private final RingBuffer<Tick> ring = RingBuffer.createSingleProducer(Tick::new, 64);
    private final Counters counters = new Counters();
    private final Sequencer sequencer = new Sequencer(ring, () -> 42, counters, 100);
    private final List<String> hookCalls = new ArrayList<>();

    private List<String> events()
    {
        final List<String> events = new ArrayList<>();
        for (long slot = 0; slot <= ring.getCursor(); slot++)
        {
            final Tick tick = ring.get(slot);
            events.add(tick.globalSeq + " " + TickType.name(tick.type) + " ch" + tick.channelId + " " +
                (tick.type == TickType.GAP ? tick.lineSeq + ".." + tick.gapToLineSeq : tick.channelStale ? "stale" :
                "active"));
        }
        return events;
    }

    @Test
    void shouldPutTheGapInTheGlobalOrderAndCallTheHook()
    {
        sequencer.recoveryHook((channel, from, to) ->
        {
            hookCalls.add(channel + ":" + from + "-" + to);
            return false;
        });
        sequencer.onGap(7, 10, 12, 5);
        assertThat(events()).containsExactly("101 gap ch7 10..12");
        assertThat(hookCalls).containsExactly("7:10-12");
        assertThat(counters.value("sequencer.gaps")).isEqualTo(1);
        assertThat(counters.value("sequencer.gap_frames")).isEqualTo(3);
        assertThat(sequencer.gapLog().size()).isEqualTo(1);
        // The next frame continues after the gap without a second report.
        assertThat(sequencer.onFrame(7, 13, 0, 0)).isTrue();
        assertThat(counters.value("sequencer.gaps")).isEqualTo(1);
    }

    @Test
    void shouldMarkTheChannelStaleUntilRecoveredWhenTheHookStartsARecovery()
    {
        sequencer.recoveryHook((channel, from, to) -> true);
        sequencer.onGap(3, 50, 50, 5);
        sequencer.onGap(3, 60, 61, 6);
        sequencer.onRecovered(3);
        sequencer.onRecovered(3);
        assertThat(events()).containsExactly(
            "101 gap ch3 50..50", "102 channel_status ch3 stale", "103 gap ch3 60..61", "104 channel_status ch3 active");
    }
}
