package io.ticktape.feed.pcap;

import io.ticktape.feed.pcap.PcapCounters.Reason;
import io.ticktape.feed.pcap.Recorder.Packet;
import io.ticktape.protocol.status.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Well-formed captures written by {@link CaptureWriter}: every format, resolution, link type and header variant the
 * reader claims, and the ordinary non-UDP traffic it must count and step over.
 */
class PcapReaderTest
{
    static final long T0_NS = 1_700_000_000_123_456_789L;

    @TempDir
    Path dir;

    private final Counters counterSet = new Counters();
    private final PcapCounters counters = new PcapCounters(counterSet, "pcap");
    private final Recorder recorder = new Recorder();
    private int files;

    @ParameterizedTest
    @CsvSource({ "LE,false", "LE,true", "BE,false", "BE,true" })
    void shouldDeliverDatagramsWhenClassicPcapIsInEitherByteOrderAndResolution(
        final String byteOrder, final boolean nanoseconds) throws IOException
    {
        final ByteOrder order = "LE".equals(byteOrder) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        final CaptureWriter writer = CaptureWriter.pcap(order, nanoseconds, CaptureWriter.LINKTYPE_ETHERNET);
        for (int i = 0; i < 3; i++)
        {
            writer.record(T0_NS + i * 1_000_001L, Frames.udp(Frames.payload(i, 20 + i)).ethernet());
        }

        final long delivered = readAll(writer);

        assertThat(delivered).isEqualTo(3);
        for (int i = 0; i < 3; i++)
        {
            final long timestampNs = T0_NS + i * 1_000_001L;
            final long expectedNs = nanoseconds ? timestampNs : timestampNs - timestampNs % 1000;
            assertThat(recorder.packets.get(i)).isEqualTo(Packet.of(expectedNs, Frames.payload(i, 20 + i)));
        }
        assertThat(counters.records()).isEqualTo(3);
        assertThat(counters.packets()).isEqualTo(3);
        assertThat(counters.skippedTotal()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "LE", "BE" })
    void shouldConvertEachInterfacesResolutionWhenPcapngHasSeveralInterfaces(final String byteOrder)
        throws IOException
    {
        final ByteOrder order = "LE".equals(byteOrder) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        final long seconds = T0_NS / 1_000_000_000L;
        final byte[] a = Frames.payload(1, 10);
        final byte[] b = Frames.payload(2, 11);
        final byte[] c = Frames.payload(3, 12);
        final byte[] d = Frames.payload(4, 13);
        final byte[] e = Frames.payload(5, 14);
        final CaptureWriter writer = CaptureWriter.pcapng(order)
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, -1, 0)                // no option: microseconds
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0)                 // nanoseconds
            .interfaceBlock(CaptureWriter.LINKTYPE_RAW, 0x80 | 20, 0)              // 2^-20 s
            .interfaceBlock(CaptureWriter.LINKTYPE_LINUX_SLL2, 3, 3600)            // ms, clock an hour behind
            .enhancedPacket(1, T0_NS, Frames.udp(a).ethernet())
            .enhancedPacket(0, T0_NS / 1000, Frames.udp(b).ethernet())
            .enhancedPacket(2, (seconds << 20) | (1 << 19), Frames.udp(c).ipv4())  // exactly .5 s
            .enhancedPacket(2, (seconds << 20) | 1, Frames.udp(d).ipv4())          // 953.67 ns, rounded down
            .enhancedPacket(3, seconds * 1000 + 123, Frames.udp(e).linuxSll2());

        assertThat(readAll(writer)).isEqualTo(5);

        assertThat(recorder.packets).containsExactly(
            Packet.of(T0_NS, a),
            Packet.of(T0_NS - T0_NS % 1000, b),
            Packet.of(seconds * 1_000_000_000L + 500_000_000L, c),
            Packet.of(seconds * 1_000_000_000L + 953, d),
            Packet.of((seconds + 3600) * 1_000_000_000L + 123_000_000L, e));
        assertThat(counters.skippedTotal()).isZero();
    }

    @Test
    void shouldForgetInterfacesWhenNewSectionStartsInOtherByteOrder() throws IOException
    {
        final byte[] a = Frames.payload(1, 8);
        final byte[] b = Frames.payload(2, 9);
        final CaptureWriter writer = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0)
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0)
            .enhancedPacket(1, T0_NS, Frames.udp(a).ethernet())
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(CaptureWriter.LINKTYPE_IPV4, 6, 0)
            .enhancedPacket(0, T0_NS / 1000, Frames.udp(b).ipv4())
            .enhancedPacket(1, T0_NS / 1000, Frames.udp(b).ethernet());      // interface 1 belonged to section 1

        assertThat(readAll(writer)).isEqualTo(2);

        assertThat(recorder.packets).containsExactly(Packet.of(T0_NS, a), Packet.of(T0_NS - T0_NS % 1000, b));
        assertThat(skipped()).isEqualTo(Map.of(Reason.UNKNOWN_INTERFACE, 1L));
        assertThat(counters.records()).isEqualTo(3);
    }

    @Test
    void shouldStepOverOtherBlocksWhenPcapngHoldsStatisticsNamesAndCustomBlocks() throws IOException
    {
        final byte[] a = Frames.payload(1, 30);
        final byte[] b = Frames.payload(2, 31);
        final CaptureWriter writer = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN)
            .otherBlock(4, new byte[] { 1, 0, 8, 0, 10, 1, 2, 3, 'h', 'o', 's', 't', 0, 0, 0, 0 })   // names
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0)
            .enhancedPacket(0, T0_NS, Frames.udp(a).ethernet())
            .otherBlock(5, new byte[20])                                                           // statistics
            .otherBlock(0x4000_0BAD, Frames.payload(9, 13))                                        // custom
            .enhancedPacket(0, T0_NS + 5, Frames.udp(b).ethernet());

        assertThat(readAll(writer)).isEqualTo(2);

        assertThat(recorder.packets).containsExactly(Packet.of(T0_NS, a), Packet.of(T0_NS + 5, b));
        assertThat(skipped()).isEqualTo(Map.of(Reason.SKIPPED_BLOCK, 3L));
    }

    @Test
    void shouldGiveLastTimestampWhenSimplePacketBlockHasNone() throws IOException
    {
        final byte[] a = Frames.payload(1, 5);
        final byte[] b = Frames.payload(2, 6);
        final byte[] c = Frames.payload(3, 7);
        final CaptureWriter writer = CaptureWriter.pcapng(ByteOrder.BIG_ENDIAN)
            .simplePacket(Frames.udp(a).ethernet())                      // before any interface
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0)
            .simplePacket(Frames.udp(a).ethernet())                      // before any timestamp
            .obsoletePacket(0, T0_NS, Frames.udp(b).ethernet())
            .simplePacket(Frames.udp(c).ethernet());

        assertThat(readAll(writer)).isEqualTo(3);

        assertThat(recorder.packets).containsExactly(Packet.of(0, a), Packet.of(T0_NS, b), Packet.of(T0_NS, c));
        assertThat(skipped()).isEqualTo(Map.of(Reason.UNKNOWN_INTERFACE, 1L));
    }

    @Test
    void shouldDeliverWhenFrameCarriesVlanTagsSingleOrStacked() throws IOException
    {
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(Frames.payload(1, 9)).vlan(0x8100).ethernet())
            .record(T0_NS + 1, Frames.udp(Frames.payload(2, 9)).vlan(0x88a8, 0x8100).ethernet())
            .record(T0_NS + 2, Frames.udp(Frames.payload(3, 9)).vlan(0x9100, 0x9100, 0x8100).ethernet())
            .record(T0_NS + 3, Frames.udp(Frames.payload(4, 9)).vlan(0x8100).etherType(0x86DD).ethernet());

        assertThat(readAll(writer)).isEqualTo(3);

        assertThat(recorder.packets).containsExactly(
            Packet.of(T0_NS, Frames.payload(1, 9)),
            Packet.of(T0_NS + 1, Frames.payload(2, 9)),
            Packet.of(T0_NS + 2, Frames.payload(3, 9)));
        assertThat(skipped()).isEqualTo(Map.of(Reason.NOT_IPV4, 1L));
    }

    @ParameterizedTest
    @ValueSource(ints = { 4, 8, 12, 40 })
    void shouldFindUdpHeaderWhenIpv4HeaderHasOptions(final int optionsLength) throws IOException
    {
        final byte[] payload = Frames.payload(7, 33);
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(payload).ipOptions(optionsLength).ports(1, 65_535).ethernet());

        assertThat(readAll(writer)).isEqualTo(1);

        assertThat(recorder.packets).containsExactly(
            Packet.of(T0_NS - T0_NS % 1000, Frames.SRC_IP, 1, Frames.DST_IP, 65_535, payload));
    }

    @ParameterizedTest
    @CsvSource({ "113,sll", "276,sll2", "101,raw", "228,raw" })
    void shouldDeliverWhenLinkTypeIsLinuxCookedOrRawIp(final int linkType, final String layout) throws IOException
    {
        final Frames frame = Frames.udp(Frames.payload(3, 17)).addresses(0xC0A8_0001, 0xEFFF_FFFA).ports(5000, 5001);
        final byte[] bytes = switch (layout)
        {
            case "sll" -> frame.linuxSll();
            case "sll2" -> frame.linuxSll2();
            default -> frame.ipv4();
        };
        final CaptureWriter writer = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(linkType, 9, 0)
            .enhancedPacket(0, T0_NS, bytes);

        assertThat(readAll(writer)).isEqualTo(1);

        assertThat(recorder.packets).containsExactly(
            Packet.of(T0_NS, 0xC0A8_0001, 5000, 0xEFFF_FFFA, 5001, Frames.payload(3, 17)));
    }

    @Test
    void shouldBoundDatagramByItsOwnLengthWhenEthernetFrameIsPaddedWithFcs() throws IOException
    {
        final byte[] payload = Frames.payload(1, 4);   // 14 + 20 + 8 + 4 = 46: padded to 60, then 4 bytes FCS
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(payload).trailer(18).ethernet())
            .record(T0_NS, Frames.udp(new byte[0]).trailer(22).ethernet());

        assertThat(readAll(writer)).isEqualTo(2);

        assertThat(recorder.packets).containsExactly(Packet.of(T0_NS, payload), Packet.of(T0_NS, new byte[0]));
    }

    @Test
    void shouldCountAndSkipWhenTrafficIsNotUdpOverIpv4() throws IOException
    {
        final byte[] udp = Frames.payload(1, 12);
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(udp).protocol(6).ethernet())                      // TCP
            .record(T0_NS, Frames.udp(udp).protocol(103).ethernet())                    // PIM
            .record(T0_NS, Frames.udp(udp).protocol(6).fragment(0x2000).ethernet())     // TCP fragment: not UDP
            .record(T0_NS, Frames.udp(udp).etherType(0x0806).ethernet())                // ARP
            .record(T0_NS, Frames.udp(udp).etherType(0x86DD).ethernet())                // IPv6
            .record(T0_NS, Frames.udp(udp).ethernet());

        assertThat(readAll(writer)).isEqualTo(1);

        assertThat(recorder.packets).containsExactly(Packet.of(T0_NS, udp));
        assertThat(skipped()).isEqualTo(Map.of(Reason.NOT_UDP, 3L, Reason.NOT_IPV4, 2L));
        assertThat(counters.records()).isEqualTo(6);
    }

    @Test
    void shouldCountAndSkipWhenDatagramIsFragmented() throws IOException
    {
        final byte[] udp = Frames.payload(1, 12);
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, false, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(udp).fragment(0x2000).ethernet())     // first fragment: MF, offset 0
            .record(T0_NS, Frames.udp(udp).fragment(0x00B9).ethernet())     // last fragment: offset 185 * 8
            .record(T0_NS, Frames.udp(udp).fragment(0x20B9).ethernet())     // middle fragment
            .record(T0_NS, Frames.udp(udp).fragment(0x0000).ethernet());    // DF clear, whole: not a fragment

        assertThat(readAll(writer)).isEqualTo(1);

        assertThat(skipped()).isEqualTo(Map.of(Reason.FRAGMENT, 3L));
    }

    @Test
    void shouldCountAndSkipWhenRawIpIsVersion6() throws IOException
    {
        final byte[] ipv6 = new byte[48];
        ipv6[0] = 0x60;
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, CaptureWriter.LINKTYPE_RAW)
            .record(T0_NS, ipv6);

        assertThat(readAll(writer)).isZero();

        assertThat(skipped()).isEqualTo(Map.of(Reason.NOT_IPV4, 1L));
    }

    @Test
    void shouldCountAndSkipWhenLinkTypeIsUnknown() throws IOException
    {
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, 105)   // 802.11
            .record(T0_NS, Frames.udp(Frames.payload(1, 12)).ethernet())
            .record(T0_NS, Frames.udp(Frames.payload(1, 12)).ethernet());

        assertThat(readAll(writer)).isZero();

        assertThat(skipped()).isEqualTo(Map.of(Reason.UNKNOWN_LINK_TYPE, 2L));
    }

    @Test
    void shouldDeliverPayloadAsViewIntoMappedFileWhenReading() throws IOException
    {
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET);
        final int[] payloadOffsets = new int[3];
        for (int i = 0; i < payloadOffsets.length; i++)
        {
            writer.record(T0_NS, Frames.udp(Frames.payload(i, 50)).vlan(0x8100).ethernet());
            payloadOffsets[i] = writer.lastRecordStart() + 16 + 18 + 20 + 8;
        }

        readAll(writer);

        assertThat(recorder.offsets).containsExactly(payloadOffsets[0], payloadOffsets[1], payloadOffsets[2]);
        assertThat(recorder.sameBufferEveryTime).isTrue();
        assertThat(recorder.lastCapacity).isEqualTo(writer.size());
    }

    @Test
    void shouldDeliverUpToLimitWhenPolled() throws IOException
    {
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET);
        for (int i = 0; i < 10; i++)
        {
            writer.record(T0_NS + i, Frames.udp(Frames.payload(i, 10)).ethernet());
        }

        try (PcapReader reader = new PcapReader(write(writer), counters))
        {
            assertThat(reader.isPcapng()).isFalse();
            assertThat(reader.poll(recorder, 4)).isEqualTo(4);
            assertThat(reader.peekTimestampNs()).isEqualTo(T0_NS + 4);
            assertThat(reader.poll(recorder, 4)).isEqualTo(4);
            assertThat(reader.isDone()).isFalse();
            assertThat(reader.poll(recorder, 4)).isEqualTo(2);
            assertThat(reader.isDone()).isTrue();
            assertThat(reader.poll(recorder, 4)).isZero();
            assertThat(reader.position()).isEqualTo(reader.fileLength());
        }
        assertThat(recorder.packets).extracting(Packet::timestampNs)
            .containsExactly(T0_NS, T0_NS + 1, T0_NS + 2, T0_NS + 3, T0_NS + 4, T0_NS + 5, T0_NS + 6, T0_NS + 7,
                T0_NS + 8, T0_NS + 9);
    }

    @Test
    void shouldBoundWorkPerPollWhenManyRecordsAreSkipped() throws IOException
    {
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET);
        for (int i = 0; i < 50; i++)
        {
            writer.record(T0_NS, Frames.udp(Frames.payload(i, 10)).protocol(6).ethernet());
        }
        writer.record(T0_NS + 1, Frames.udp(Frames.payload(1, 10)).ethernet());

        try (PcapReader reader = new PcapReader(write(writer), counters))
        {
            assertThat(reader.poll(recorder, 10)).isZero();
            assertThat(counters.records()).isEqualTo(10);
            assertThat(reader.isDone()).isFalse();
            assertThat(counters.records()).isEqualTo(51);
            assertThat(reader.poll(recorder, 10)).isEqualTo(1);
            assertThat(reader.isDone()).isTrue();
        }
    }

    @Test
    void shouldStopDeliveringWhenClosed() throws IOException
    {
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(Frames.payload(1, 10)).ethernet())
            .record(T0_NS, Frames.udp(Frames.payload(2, 10)).ethernet());

        final PcapReader reader = new PcapReader(write(writer), counters);
        assertThat(reader.poll(recorder, 1)).isEqualTo(1);
        reader.close();
        reader.close();

        assertThat(reader.isDone()).isTrue();
        assertThat(reader.poll(recorder, 10)).isZero();
        assertThat(recorder.lastBuffer.capacity()).isZero();
    }

    private long readAll(final CaptureWriter writer) throws IOException
    {
        try (PcapReader reader = new PcapReader(write(writer), counters))
        {
            final long delivered = reader.readAll(recorder);
            assertThat(reader.isDone()).isTrue();
            assertThat(delivered).isEqualTo(recorder.packets.size());
            return delivered;
        }
    }

    private Path write(final CaptureWriter writer) throws IOException
    {
        return writer.writeTo(dir.resolve("capture" + files++ + ".pcap"));
    }

    private Map<Reason, Long> skipped()
    {
        final Map<Reason, Long> skipped = new EnumMap<>(Reason.class);
        for (final Reason reason : Reason.values())
        {
            final long count = counters.skipped(reason);
            if (0 != count)
            {
                skipped.put(reason, count);
                assertThat(counterSet.value("pcap." + reason.label())).isEqualTo(count);
            }
        }
        return skipped;
    }
}
