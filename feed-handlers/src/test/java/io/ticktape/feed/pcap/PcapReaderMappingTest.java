package io.ticktape.feed.pcap;

import io.ticktape.feed.pcap.PcapCounters.Reason;
import io.ticktape.feed.pcap.Recorder.Packet;
import io.ticktape.protocol.status.Counters;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.ticktape.feed.pcap.PcapReaderTest.T0_NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How the file is mapped: windows of any size give the same packets as one whole mapping, files over 2 GiB are
 * read past the first mapping, and reading allocates nothing per packet.
 */
class PcapReaderMappingTest
{
    private static final long TWO_GIB = 1L << 31;

    @TempDir
    Path dir;

    private final PcapCounters counters = new PcapCounters(new Counters(), "pcap");

    @Test
    void shouldDeliverSamePacketsWhenFileIsReadThroughAnyWindowSize() throws IOException
    {
        final Path pcapng = mixedPcapng(40).writeTo(dir.resolve("mixed.pcapng"));
        final CaptureWriter classic = CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET);
        for (int i = 0; i < 40; i++)
        {
            classic.record(T0_NS + i, Frames.udp(Frames.payload(i, i * 13 % 300)).protocol(i % 7 == 0 ? 6 : 17)
                .ethernet());
        }
        final Path pcap = classic.writeTo(dir.resolve("classic.pcap"));

        for (final Path file : List.of(pcapng, pcap))
        {
            final List<Packet> whole = read(file, PcapReader.MAX_WINDOW_BYTES);
            assertThat(whole).hasSizeGreaterThan(30);
            for (int windowBytes = 64; windowBytes < 700; windowBytes += 37)
            {
                assertThat(read(file, windowBytes)).as("%s in windows of %d", file, windowBytes).isEqualTo(whole);
            }
        }
    }

    @Test
    void shouldReadPastFirstMappingWhenPcapngIsLargerThanTwoGibibytes() throws IOException
    {
        final byte[] a = Frames.payload(1, 20);
        final byte[] b = Frames.payload(2, 21);
        final CaptureWriter head = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0)
            .enhancedPacket(0, T0_NS, Frames.udp(a).ethernet());
        final byte[] tail = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN)
            .enhancedPacket(0, T0_NS + 1, Frames.udp(b).ethernet()).bytes();
        final int sectionLength = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN).size();
        final long hugeBlockLength = TWO_GIB + 4096;

        // A custom block of just over 2 GiB, sparse: only its header and trailing length are ever written.
        final Path file = dir.resolve("huge.pcapng");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            long position = channel.write(ByteBuffer.wrap(head.bytes()));
            channel.write(littleEndian(0x0000_0BAD, (int)hugeBlockLength), position);
            channel.write(littleEndian((int)hugeBlockLength), position + hugeBlockLength - 4);
            position += hugeBlockLength;
            channel.write(ByteBuffer.wrap(tail, sectionLength, tail.length - sectionLength), position);
        }

        final Recorder recorder = new Recorder();
        try (PcapReader reader = new PcapReader(file, counters))
        {
            assertThat(reader.fileLength()).isGreaterThan(TWO_GIB);
            assertThat(reader.readAll(recorder)).isEqualTo(2);
            assertThat(reader.position()).isEqualTo(reader.fileLength());
        }
        assertThat(recorder.packets).containsExactly(Packet.of(T0_NS, a), Packet.of(T0_NS + 1, b));
        assertThat(counters.skipped(Reason.SKIPPED_BLOCK)).isEqualTo(1);
        assertThat(counters.skippedTotal()).isEqualTo(1);
    }

    @Test
    void shouldReadPastFirstMappingWhenClassicRecordIsLargerThanTwoGibibytes() throws IOException
    {
        final byte[] a = Frames.payload(1, 20);
        final byte[] b = Frames.payload(2, 21);
        final CaptureWriter head = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(a).ethernet());
        final int headerLength = 24;
        final byte[] tail = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS + 1, Frames.udp(b).ethernet()).bytes();
        final long hugeLength = TWO_GIB + 100;

        // A record of zeros (an Ethernet frame of type 0) longer than any one mapping; sparse on disk.
        final Path file = dir.resolve("huge.pcap");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            long position = channel.write(ByteBuffer.wrap(head.bytes()));
            channel.write(littleEndian(0, 0, (int)hugeLength, (int)hugeLength), position);
            position += 16 + hugeLength;
            channel.write(ByteBuffer.wrap(tail, headerLength, tail.length - headerLength), position);
        }

        final Recorder recorder = new Recorder();
        try (PcapReader reader = new PcapReader(file, counters))
        {
            assertThat(reader.readAll(recorder)).isEqualTo(2);
        }
        assertThat(recorder.packets).containsExactly(Packet.of(T0_NS, a), Packet.of(T0_NS + 1, b));
        assertThat(counters.skipped(Reason.NOT_IPV4)).isEqualTo(1);
        assertThat(counters.skippedTotal()).isEqualTo(1);
    }

    @Test
    void shouldNotAllocateWhenReadingAndPacingPackets() throws IOException
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final Path file = mixedPcapng(20_000).writeTo(dir.resolve("many.pcapng"));
        final LengthSum handler = new LengthSum();
        for (int warmUp = 0; warmUp < 3; warmUp++)
        {
            try (PcapReader reader = new PcapReader(file, counters))
            {
                reader.readAll(handler);
            }
        }

        try (PcapReader reader = new PcapReader(file, counters))
        {
            final PcapReplay replay = PcapReplay.atSpeed(1000);
            // Past the first of each kind of skip: those are logged, once, which allocates.
            reader.poll(handler, 100);
            final long threadId = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(threadId);
            long nowNs = 0;
            long delivered = 0;
            while (!reader.isDone())
            {
                nowNs += 1_000;
                delivered += replay.poll(reader, handler, nowNs, 16);
            }
            delivered += reader.readAll(handler);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            assertThat(delivered).isGreaterThan(15_000);
            assertThat(allocated).as("bytes allocated for %d packets", delivered).isLessThan(1_000);
        }
    }

    /**
     * Every block kind and most skip reasons, repeated: a datagram, a TCP segment, a fragment, a simple packet,
     * a statistics block, a VLAN-tagged datagram with IP options.
     */
    private static CaptureWriter mixedPcapng(final int rounds)
    {
        final CaptureWriter writer = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0)
            .interfaceBlock(CaptureWriter.LINKTYPE_LINUX_SLL, 0x80 | 24, 0);
        for (int i = 0; i < rounds; i++)
        {
            final byte[] payload = Frames.payload(i, 12 + i % 200);
            final long timestampNs = T0_NS + i * 1000L;
            if ((i & 1) == 0)
            {
                writer.enhancedPacket(0, timestampNs, Frames.udp(payload).ethernet());
            }
            else
            {
                writer.enhancedPacket(1, toBinaryUnits(timestampNs, 24), Frames.udp(payload).linuxSll());
            }
            if (i % 5 == 0)
            {
                writer.enhancedPacket(0, T0_NS + i * 1000L, Frames.udp(payload).protocol(6).ethernet());
                writer.enhancedPacket(0, T0_NS + i * 1000L, Frames.udp(payload).fragment(0x2000).ethernet());
                writer.otherBlock(5, new byte[20]);
            }
            if (i % 7 == 0)
            {
                writer.simplePacket(Frames.udp(payload).vlan(0x8100).ipOptions(8).ethernet());
            }
        }
        return writer;
    }

    static long toBinaryUnits(final long timestampNs, final int exponent)
    {
        final long seconds = timestampNs / 1_000_000_000L;
        final long nanos = timestampNs % 1_000_000_000L;
        return (seconds << exponent) + (nanos << exponent) / 1_000_000_000L;
    }

    private List<Packet> read(final Path file, final int windowBytes) throws IOException
    {
        final Recorder recorder = new Recorder();
        try (PcapReader reader = new PcapReader(file, counters, windowBytes))
        {
            reader.readAll(recorder);
        }
        return recorder.packets;
    }

    private static ByteBuffer littleEndian(final int... values)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (final int value : values)
        {
            buffer.putInt(value);
        }
        return buffer.flip();
    }

    private static final class LengthSum implements PacketHandler
    {
        long sum;

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
            sum += length + buffer.getByte(offset) + timestampNs + srcIp + srcPort + dstIp + dstPort;
        }
    }
}
