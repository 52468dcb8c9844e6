package io.ticktape.sequencer.arbitration;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.feed.pcap.PcapCounters;
import io.ticktape.feed.pcap.PcapReader;
import io.ticktape.protocol.status.Counters;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Arbitration of the real CME MDP 3.0 capture of feeds A and B (5,000 packets each, MsgSeqNum 5615..10614 on
 * both, read from ../shared/data in place): exactly one copy of each packet; the full stream from line A alone;
 * and gaps exactly where packets are cut from both lines.
 */
class CmeCaptureArbitrationTest
{
    private static final Path CAPTURE =
        Path.of("..", "..", "shared", "data", "cme-mdp3", "Mdp3.Sbe.v1.6", "Cme.Mdp3.Sbe.v6.1.pcap");
    private static final int PORT_A = 14340;
    private static final long FIRST = 5615;
    private static final long LAST = 10614;
    private static final long MS = 1_000_000;

    private final List<Long> passed = new ArrayList<>();
    private final List<String> gaps = new ArrayList<>();
    private final Counters counters = new Counters();

    @BeforeAll
    static void captureIsThere()
    {
        assumeTrue(Files.isReadable(CAPTURE), "no " + CAPTURE + " here");
    }

    @Test
    void shouldPassExactlyOneCopyOfEachPacketFromBothLinesWithNoGap() throws Exception
    {
        run(dstPort -> true, seq -> false);
        assertThat(passed).containsExactlyElementsOf(range(FIRST, LAST, Set.of()));
        assertThat(gaps).isEmpty();
        assertThat(counters.value("arbiter.340.packets")).isEqualTo(10_000);
        assertThat(counters.value("arbiter.340.duplicates")).isEqualTo(5_000);
    }

    @Test
    void shouldGiveTheFullStreamFromLineAAlone() throws Exception
    {
        run(dstPort -> dstPort == PORT_A, seq -> false);
        assertThat(passed).containsExactlyElementsOf(range(FIRST, LAST, Set.of()));
        assertThat(gaps).isEmpty();
        assertThat(counters.value("arbiter.340.duplicates")).isZero();
    }

    @Test
    void shouldReportGapsExactlyWherePacketsWereCutFromBothLines() throws Exception
    {
        final Set<Long> cut = Set.of(6000L, 6001L, 7500L, 9000L, 9001L, 9002L, 10613L);
        run(dstPort -> true, cut::contains);
        assertThat(passed).containsExactlyElementsOf(range(FIRST, LAST, cut));
        assertThat(gaps).containsExactly("6000-6001", "7500-7500", "9000-9002", "10613-10613");
    }

    @Test
    void shouldNotReportAGapForPacketsCutFromOneLineOnly() throws Exception
    {
        // A third of the packets missing from line A, another third from line B: the other line fills each hole.
        runFiltered((dstPort, seq) -> dstPort == PORT_A ? seq % 3 != 0 : seq % 3 != 1);
        assertThat(passed).containsExactlyElementsOf(range(FIRST, LAST, Set.of()));
        assertThat(gaps).isEmpty();
        assertThat(counters.value("arbiter.340.gaps")).isZero();
        assertThat(counters.value("arbiter.340.duplicates")).isEqualTo(5_000 / 3 + 1);
    }

    private interface PacketFilter
    {
        boolean keep(int dstPort, long seq);
    }

    private void run(final java.util.function.IntPredicate ports, final LongPredicate cutFromBoth) throws Exception
    {
        runFiltered((dstPort, seq) -> ports.test(dstPort) && !cutFromBoth.test(seq));
    }

    private void runFiltered(final PacketFilter filter) throws Exception
    {
        final PacketDecoder recorder = new PacketDecoder()
        {
            @Override
            public int onPacket(
                final DirectBuffer buffer, final int offset, final int length, final long receiveNs, final int ch)
            {
                passed.add(mdp3Seq(buffer, offset));
                return 1;
            }

            @Override
            public long lineSeq(final DirectBuffer buffer, final int offset, final int length)
            {
                return length < 12 ? -1 : mdp3Seq(buffer, offset);
            }
        };
        final ChannelListener listener = new ChannelListener()
        {
            @Override
            public void onGap(final int channelId, final long from, final long to, final long detectedNs)
            {
                gaps.add(from + "-" + to);
            }

            @Override
            public void onChannelStatus(final int channelId, final boolean stale, final long last, final long silent)
            {
            }
        };
        final ArbitratingDecoder arbitrator =
            new ArbitratingDecoder(recorder, new ArbitrationConfig(1024, 5 * MS, 0, 2048), listener, counters);
        final long[] lastTimestamp = { 0 };
        try (PcapReader reader = new PcapReader(CAPTURE, new PcapCounters(counters, "pcap")))
        {
            reader.readAll((timestampNs, srcIp, srcPort, dstIp, dstPort, buffer, offset, length) ->
            {
                if (!filter.keep(dstPort, mdp3Seq(buffer, offset)))
                {
                    return;
                }
                // The capture's own clock drives the window: real inter-packet times, A/B skew included.
                arbitrator.onTimer(timestampNs);
                arbitrator.onPacket(buffer, offset, length, timestampNs, dstPort % 1000);
                lastTimestamp[0] = Math.max(lastTimestamp[0], timestampNs);
            });
        }
        arbitrator.onEndOfStream(lastTimestamp[0]);
    }

    private static long mdp3Seq(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    private static List<Long> range(final long first, final long last, final Set<Long> except)
    {
        final List<Long> expected = new ArrayList<>();
        for (long seq = first; seq <= last; seq++)
        {
            if (!except.contains(seq))
            {
                expected.add(seq);
            }
        }
        return expected;
    }
}
