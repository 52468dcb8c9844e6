package io.ticktape.sequencer.arbitration;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineArbitratorTest
{
    private static final long MS = 1_000_000;

    private final List<Long> passed = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final Counters counters = new Counters();
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[64]);
    private final PacketDecoder decoder = (buffer, offset, length, receiveNs, channelId) ->
    {
        passed.add(buffer.getLong(offset));
        return 1;
    };
    private final ChannelListener listener = new ChannelListener()
    {
        @Override
        public void onGap(final int channelId, final long from, final long to, final long detectedNs)
        {
            events.add("gap " + channelId + " " + from + ".." + to + " @" + detectedNs / MS);
        }

        @Override
        public void onChannelStatus(final int channelId, final boolean stale, final long last, final long silentNs)
        {
            events.add((stale ? "stale " : "active ") + channelId + " after " + last + " silent " + silentNs / MS);
        }
    };
    private final LineArbitrator arbitrator = new LineArbitrator(3, 8, 5 * MS, 100 * MS, 16, listener, counters);

    private void arrive(final long lineSeq, final long atMs)
    {
        arbitrator.onTimer(atMs * MS, decoder);
        packet.putLong(0, lineSeq);
        arbitrator.onPacket(packet, 0, 8, lineSeq, atMs * MS, decoder);
    }

    @Test
    void shouldPassFirstCopyAndDropTheOtherLines()
    {
        arrive(10, 0);
        arrive(10, 1);
        arrive(11, 1);
        arrive(11, 2);
        assertThat(passed).containsExactly(10L, 11L);
        assertThat(counters.value("arbiter.3.duplicates")).isEqualTo(2);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldHoldPacketsAheadUntilTheMissingOneArrivesOnTheOtherLine()
    {
        arrive(1, 0);
        arrive(3, 1);
        arrive(4, 1);
        assertThat(passed).containsExactly(1L);
        arrive(2, 2);
        assertThat(passed).containsExactly(1L, 2L, 3L, 4L);
        arrive(3, 3);
        assertThat(counters.value("arbiter.3.reordered")).isEqualTo(2);
        assertThat(counters.value("arbiter.3.duplicates")).isEqualTo(1);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldDeclareGapWhenTheWindowTimesOutAndDropTheLateCopy()
    {
        arrive(1, 0);
        arrive(4, 1);
        arrive(5, 2);
        arbitrator.onTimer(5 * MS, decoder);
        assertThat(passed).containsExactly(1L);
        arbitrator.onTimer(6 * MS, decoder);
        assertThat(passed).containsExactly(1L, 4L, 5L);
        assertThat(events).containsExactly("gap 3 2..3 @6");
        arrive(2, 7);
        assertThat(passed).containsExactly(1L, 4L, 5L);
        assertThat(counters.value("arbiter.3.gap_packets")).isEqualTo(2);
    }

    @Test
    void shouldGiveUpAtOnceOnNumbersTooFarBehindForTheWindow()
    {
        arrive(1, 0);
        arrive(3, 0);
        arrive(20, 1);
        // Window of 8: 20 can only wait with 13..19 missing; 2 and 4..12 are declared, 3 is passed on.
        assertThat(passed).containsExactly(1L, 3L);
        assertThat(events).containsExactly("gap 3 2..2 @1", "gap 3 4..12 @1");
        arrive(13, 2);
        assertThat(passed).containsExactly(1L, 3L, 13L);
    }

    @Test
    void shouldRestartAtOneOnASequenceReset()
    {
        for (long seq = 100; seq < 120; seq++)
        {
            arrive(seq, seq);
        }
        arrive(1, 200);
        arrive(1, 200);
        arrive(2, 201);
        assertThat(passed.subList(passed.size() - 2, passed.size())).containsExactly(1L, 2L);
        assertThat(counters.value("arbiter.3.resets")).isEqualTo(1);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldReportSilenceOnceAndRecovery()
    {
        arrive(1, 0);
        arbitrator.onTimer(99 * MS, decoder);
        assertThat(events).isEmpty();
        arbitrator.onTimer(100 * MS, decoder);
        arbitrator.onTimer(150 * MS, decoder);
        assertThat(events).containsExactly("stale 3 after 1 silent 100");
        arrive(2, 300);
        assertThat(events).containsExactly("stale 3 after 1 silent 100", "active 3 after 1 silent 300");
        assertThat(passed).containsExactly(1L, 2L);
    }

    @Test
    void shouldPassAnOversizedPacketAfterDeclaringWhatItCannotWaitFor()
    {
        arrive(1, 0);
        final UnsafeBuffer big = new UnsafeBuffer(new byte[40]);
        big.putLong(0, 3);
        arbitrator.onPacket(big, 0, 40, 3, MS, decoder);
        assertThat(passed).containsExactly(1L, 3L);
        assertThat(events).containsExactly("gap 3 2..2 @1");
    }

    @Test
    void shouldRejectAWindowThatIsNotAPowerOfTwo()
    {
        assertThatThrownBy(() -> new LineArbitrator(1, 6, MS, 0, 16, listener, counters))
            .hasMessageContaining("power of two");
    }
}
