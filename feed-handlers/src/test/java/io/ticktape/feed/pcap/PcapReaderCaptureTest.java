package io.ticktape.feed.pcap;

import io.ticktape.feed.pcap.PcapCounters.Reason;
import io.ticktape.protocol.status.Counters;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real CME MDP 3.0 captures from {@code ../shared/data/cme-mdp3}, read in place (their licence forbids copying
 * them into the repository). The expected facts come from that folder's SOURCE.txt and were checked again with an
 * independent pure-Python reader; skipped where the folder is absent.
 * <p>
 * An MDP 3.0 UDP payload starts with its packet header: MsgSeqNum uint32 LE, SendingTime uint64 LE (epoch ns).
 */
class PcapReaderCaptureTest
{
    static final Path DATA = Path.of("..", "..", "shared", "data", "cme-mdp3");

    record Mdp3Packet(
        long timestampNs, int srcIp, int srcPort, int dstIp, int dstPort, long seqNum, long sendingTimeNs, int length)
    {
        String destination()
        {
            return dotted(dstIp) + ":" + dstPort;
        }
    }

    static final class Mdp3Recorder implements PacketHandler
    {
        final List<Mdp3Packet> packets = new ArrayList<>();

        @Override
        public void onUdpPacket(
            final long timestampNs,
            final int srcIp,
            final int srcPort,
            final int dstIp,
            final int dstPort,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            assertThat(length).isGreaterThanOrEqualTo(12);
            packets.add(new Mdp3Packet(timestampNs, srcIp, srcPort, dstIp, dstPort,
                buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL,
                buffer.getLong(offset + 4, ByteOrder.LITTLE_ENDIAN), length));
        }

        Map<String, List<Mdp3Packet>> byDestination()
        {
            final Map<String, List<Mdp3Packet>> feeds = new LinkedHashMap<>();
            for (final Mdp3Packet packet : packets)
            {
                feeds.computeIfAbsent(packet.destination(), key -> new ArrayList<>()).add(packet);
            }
            return feeds;
        }
    }

    private final PcapCounters counters = new PcapCounters(new Counters(), "pcap");
    private final Mdp3Recorder recorder = new Mdp3Recorder();

    @BeforeEach
    void requireData()
    {
        assumeTrue(Files.isDirectory(DATA), "no CME captures at " + DATA.toAbsolutePath().normalize());
    }

    @Test
    void shouldReplayBothFeedsContiguouslyWhenCaptureIsV6PcapngInNanoseconds() throws IOException
    {
        assertThat(read("Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap", true)).isEqualTo(10_000);

        final Map<String, List<Mdp3Packet>> feeds = recorder.byDestination();
        assertThat(feeds.keySet()).containsExactlyInAnyOrder("224.0.31.64:14340", "224.0.32.64:15340");
        assertContiguous(feeds.get("224.0.31.64:14340"), 5615, 10_614);
        assertContiguous(feeds.get("224.0.32.64:15340"), 5615, 10_614);
        assertThat(feeds.get("224.0.31.64:14340")).extracting(p -> dotted(p.srcIp()) + ":" + p.srcPort())
            .containsOnly("205.209.221.71:14340");

        assertTimestampsWithin("2016-11-12T14:30:00Z", "2016-11-12T14:36:00Z", 1_000_000);
        assertThat(recorder.packets.get(0).timestampNs()).isEqualTo(1_478_961_025_968_272_358L);
        assertThat(recorder.packets.get(9_999).timestampNs()).isEqualTo(1_478_961_329_537_015_773L);
        // if_tsresol=9: a reader that assumed the default microseconds would put these in 1970.
        assertThat(recorder.packets).filteredOn(p -> p.timestampNs() % 1000 != 0).hasSizeGreaterThan(9_000);
        assertThat(recorder.packets.stream().mapToLong(Mdp3Packet::length).sum()).isEqualTo(1_621_556L);
        assertStepsBackOnlyBetweenFeeds(feeds, 581);
        assertThat(counters.records()).isEqualTo(10_000);
        assertThat(counters.skippedTotal()).isZero();
    }

    @Test
    void shouldReplayBothFeedsContiguouslyWhenCaptureIsV8Pcapng() throws IOException
    {
        assertThat(read("Mdp3.Sbe.v1.8/Cme.Mdp3.Sbe.v8.1.Example.pcap", true)).isEqualTo(10_000);

        final Map<String, List<Mdp3Packet>> feeds = recorder.byDestination();
        assertThat(feeds.keySet()).containsExactlyInAnyOrder("224.0.31.11:14320", "224.0.32.11:15320");
        assertContiguous(feeds.get("224.0.31.11:14320"), 17_347_815L, 17_352_814L);
        assertContiguous(feeds.get("224.0.32.11:15320"), 17_347_815L, 17_352_814L);

        assertTimestampsWithin("2016-09-27T21:46:00Z", "2016-09-27T22:01:00Z", 1_000_000);
        assertThat(recorder.packets.get(0).timestampNs()).isEqualTo(1_475_012_773_473_604_083L);
        assertStepsBackOnlyBetweenFeeds(feeds, 612);
        assertThat(counters.skippedTotal()).isZero();
    }

    @Test
    void shouldCountPimFrameAsNotUdpWhenCaptureIsV9ClassicPcap() throws IOException
    {
        assertThat(read("Mdp3.Sbe.v1.9/Cme.Mdp3.Sbe.v9.1.Example.pcap", false)).isEqualTo(99);

        assertThat(counters.records()).isEqualTo(100);
        assertThat(counters.skipped(Reason.NOT_UDP)).isEqualTo(1);
        assertThat(counters.skippedTotal()).isEqualTo(1);
        assertThat(recorder.packets).extracting(p -> dotted(p.dstIp())).allMatch(ip -> ip.startsWith("224.0.28."));
        assertThat(recorder.byDestination()).hasSize(18);
        assertThat(recorder.packets).extracting(Mdp3Packet::destination).doesNotContain("224.0.0.13:0");

        // Microsecond pcap: whole microseconds, and the capture clock about 6 to 42 ms off the exchange's.
        assertThat(recorder.packets).allMatch(p -> p.timestampNs() % 1000 == 0);
        assertTimestampsWithin("2018-09-12T13:55:00Z", "2018-09-12T13:56:00Z", 100_000_000);
        assertThat(recorder.packets.get(0).timestampNs()).isEqualTo(1_536_760_535_676_700_000L);
        assertThat(recorder.packets.get(98).timestampNs()).isEqualTo(1_536_760_537_092_981_000L);
    }

    @ParameterizedTest
    @CsvSource({
        "MdIncrementalRefreshBook.pcap, 224.0.31.1:14310, 19321375, 100",
        "MdIncrementalRefreshSessionStatistics.pcap, 224.0.31.1:14310, 19345102, 436",
        "MdIncrementalRefreshTradeSummary.pcap, 224.0.31.1:14310, 19321415, 172",
        "MdIncrementalRefreshVolume.pcap, 224.0.31.1:14310, 19321379, 108",
        "MdInstrumentDefinitionSpread.pcap, 224.0.31.43:14310, 2, 1376",     // the one with an 802.1Q tag
    })
    void shouldDeliverSinglePacketWhenCaptureIsSmallV5File(
        final String file, final String destination, final long seqNum, final int length) throws IOException
    {
        assertThat(read("Mdp3.Sbe.v1.5/" + file, false)).isEqualTo(1);

        final Mdp3Packet packet = recorder.packets.get(0);
        assertThat(packet.destination()).isEqualTo(destination);
        assertThat(packet.seqNum()).isEqualTo(seqNum);
        assertThat(packet.length()).isEqualTo(length);
        assertThat(Instant.ofEpochSecond(0, packet.sendingTimeNs()).toString()).startsWith("2015-1");
        // These captures' clock was never set: delivered as captured, in February 1970.
        assertThat(Instant.ofEpochSecond(0, packet.timestampNs()).toString()).startsWith("1970-02-28T01:5");
        assertThat(counters.skippedTotal()).isZero();
    }

    @Test
    void shouldCountEverySegmentAsNotUdpWhenCapturesHoldMdp3OverTcp() throws IOException
    {
        final List<Path> files;
        try (Stream<Path> list = Files.list(DATA.resolve("Mdp3.Sbe.v1.12")))
        {
            files = list.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(files).hasSize(7);
        for (final Path file : files)
        {
            try (PcapReader reader = new PcapReader(file, counters))
            {
                assertThat(reader.readAll(recorder)).isZero();
            }
        }

        assertThat(counters.records()).isEqualTo(7);
        assertThat(counters.skipped(Reason.NOT_UDP)).isEqualTo(7);
    }

    @Test
    void shouldDeliverSamePacketsWhenCaptureIsReadThroughSmallWindows() throws IOException
    {
        read("Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap", true);
        for (final int windowBytes : new int[] { 64, 1500, 1 << 16 })
        {
            final Mdp3Recorder windowed = new Mdp3Recorder();
            try (PcapReader reader = new PcapReader(
                DATA.resolve("Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap"), counters, windowBytes))
            {
                reader.readAll(windowed);
            }
            assertThat(windowed.packets).as("window %d", windowBytes).isEqualTo(recorder.packets);
        }
    }

    private long read(final String file, final boolean pcapng) throws IOException
    {
        try (PcapReader reader = new PcapReader(DATA.resolve(file), counters))
        {
            assertThat(reader.isPcapng()).isEqualTo(pcapng);
            final long delivered = reader.readAll(recorder);
            assertThat(reader.position()).isEqualTo(Files.size(DATA.resolve(file)));
            assertThat(counters.packets()).isEqualTo(delivered);
            return delivered;
        }
    }

    /**
     * Each feed's capture timestamps rise, but the file interleaves feeds A and B as captured on two ports, so the
     * file's timestamps step back (by up to 10 us) where it switches feed.
     */
    private void assertStepsBackOnlyBetweenFeeds(final Map<String, List<Mdp3Packet>> feeds, final int stepsBack)
    {
        for (final List<Mdp3Packet> feed : feeds.values())
        {
            assertThat(feed).extracting(Mdp3Packet::timestampNs).isSorted();
        }
        int count = 0;
        for (int i = 1; i < recorder.packets.size(); i++)
        {
            if (recorder.packets.get(i).timestampNs() < recorder.packets.get(i - 1).timestampNs())
            {
                count++;
            }
        }
        assertThat(count).isEqualTo(stepsBack);
    }

    private static void assertContiguous(final List<Mdp3Packet> feed, final long first, final long last)
    {
        assertThat(feed).extracting(Mdp3Packet::seqNum)
            .containsExactlyElementsOf(LongStream.rangeClosed(first, last).boxed().toList());
    }

    private void assertTimestampsWithin(final String from, final String to, final long maxSkewFromSendingTimeNs)
    {
        final long fromNs = Instant.parse(from).getEpochSecond() * 1_000_000_000L;
        final long toNs = Instant.parse(to).getEpochSecond() * 1_000_000_000L;
        for (final Mdp3Packet packet : recorder.packets)
        {
            assertThat(packet.timestampNs()).isBetween(fromNs, toNs - 1);
            assertThat(Math.abs(packet.timestampNs() - packet.sendingTimeNs()))
                .isLessThan(maxSkewFromSendingTimeNs);
        }
    }

    static String dotted(final int ip)
    {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }
}
