package io.ticktape.feed.pcap;

import io.ticktape.feed.pcap.PcapCounters.Reason;
import io.ticktape.feed.pcap.Recorder.Packet;
import io.ticktape.protocol.status.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.ticktape.feed.pcap.PcapReaderTest.T0_NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damaged captures: every one is read to a clean stop, delivers exactly the whole packets before the damage, and
 * counts what it skipped. Only a file that is not a capture at all throws, and then only IllegalArgumentException.
 */
class PcapReaderMalformedTest
{
    @TempDir
    Path dir;

    private PcapCounters counters = new PcapCounters(new Counters(), "pcap");
    private Recorder recorder = new Recorder();

    @Test
    void shouldDeliverExactlyCompletePacketsWhenClassicFileIsCutAtAnyByte() throws IOException
    {
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET);
        final List<Integer> recordEnds = new ArrayList<>();
        final List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            writer.record(T0_NS + i, Frames.udp(Frames.payload(i, 30 + i)).ethernet());
            recordEnds.add(writer.size());
            packets.add(Packet.of(T0_NS + i, Frames.payload(i, 30 + i)));
        }

        assertEveryCut(writer.bytes(), List.of(24), recordEnds, packets);
    }

    @Test
    void shouldDeliverExactlyCompletePacketsWhenPcapngFileIsCutAtAnyByte() throws IOException
    {
        final CaptureWriter writer = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN);
        final int sectionEnd = writer.size();
        writer.interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0);
        final int interfaceEnd = writer.size();
        final List<Integer> recordEnds = new ArrayList<>();
        final List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            writer.enhancedPacket(0, T0_NS + i, Frames.udp(Frames.payload(i, 30 + i)).ethernet());
            recordEnds.add(writer.size());
            packets.add(Packet.of(T0_NS + i, Frames.payload(i, 30 + i)));
        }

        assertEveryCut(writer.bytes(), List.of(sectionEnd, interfaceEnd), recordEnds, packets);
    }

    @Test
    void shouldThrowIllegalArgumentNamingFileWhenMagicIsUnknown() throws IOException
    {
        final Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a capture");
        final Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        final Path tiny = Files.write(dir.resolve("tiny.pcap"), new byte[] { (byte)0xD4, (byte)0xC3, (byte)0xB2 });
        final byte[] badOrder = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN).bytes();
        badOrder[8] = 0x11;
        final Path badByteOrder = Files.write(dir.resolve("order.pcapng"), badOrder);

        assertThatThrownBy(() -> new PcapReader(text, counters))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(text.toString())
            .hasMessageContaining("unknown magic 0x68656c6c");
        assertThatThrownBy(() -> new PcapReader(empty, counters))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> new PcapReader(tiny, counters))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(tiny.toString());
        assertThatThrownBy(() -> new PcapReader(badByteOrder, counters))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(badByteOrder.toString())
            .hasMessageContaining("byte-order magic");
    }

    @Test
    void shouldStopWithCorruptCountWhenRecordLengthPointsFarPastFile() throws IOException
    {
        final byte[] payload = Frames.payload(1, 10);
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(payload).ethernet())
            .record(T0_NS, Frames.udp(payload).ethernet(), 0x7FFF_FFF0, 0x7FFF_FFF0)
            .record(T0_NS, Frames.udp(payload).ethernet());

        assertThat(read(writer.bytes())).containsExactly(Packet.of(T0_NS, payload));
        assertThat(skipped()).isEqualTo(Map.of(Reason.CORRUPT_FILE, 1L));
    }

    @Test
    void shouldStopWithTruncatedCountWhenPlausibleRecordLengthRunsPastFile() throws IOException
    {
        final byte[] payload = Frames.payload(1, 10);
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(payload).ethernet())
            .record(T0_NS, Frames.udp(payload).ethernet(), 1500, 1500);

        assertThat(read(writer.bytes())).containsExactly(Packet.of(T0_NS, payload));
        assertThat(skipped()).isEqualTo(Map.of(Reason.TRUNCATED_FILE, 1L));
    }

    @Test
    void shouldSkipPacketWhenCapturedLengthExceedsOriginal() throws IOException
    {
        final byte[] payload = Frames.payload(1, 10);
        final byte[] frame = Frames.udp(payload).ethernet();
        final CaptureWriter pcap = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, frame, frame.length, frame.length - 1)
            .record(T0_NS, frame);
        final CaptureWriter pcapng = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0)
            .enhancedPacket(0, T0_NS, frame, frame.length, 10)
            .enhancedPacket(0, T0_NS, frame, frame.length + 64, frame.length + 64)   // more than its block holds
            .enhancedPacket(0, T0_NS, frame);

        assertThat(read(pcap.bytes())).containsExactly(Packet.of(T0_NS, payload));
        assertThat(read(pcapng.bytes())).containsExactly(Packet.of(T0_NS, payload));
        assertThat(skipped()).isEqualTo(Map.of(Reason.BAD_CAPTURED_LENGTH, 3L));
    }

    @Test
    void shouldSkipPacketWhenUdpLengthExceedsCapturedBytes() throws IOException
    {
        final byte[] payload = Frames.payload(1, 100);
        final byte[] frame = Frames.udp(payload).ethernet();
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, frame, 96, frame.length)                              // snap length cut the payload
            .record(T0_NS, frame, 40, frame.length)                              // ... the IPv4 header
            .record(T0_NS, frame, 10, frame.length)                              // ... the Ethernet header
            .record(T0_NS, Frames.udp(payload).vlan(0x8100).ethernet(), 16, 200) // ... the VLAN tag
            .record(T0_NS, Frames.udp(payload).udpLengthDelta(1).ethernet())     // UDP beyond IP datagram
            .record(T0_NS, Frames.udp(payload).udpLengthDelta(-101).ethernet())  // UDP length 7
            .record(T0_NS, Frames.udp(payload).totalLengthDelta(-104).ethernet())// IP payload too short for UDP
            .record(T0_NS, frame);

        assertThat(read(writer.bytes())).containsExactly(Packet.of(T0_NS, payload));
        assertThat(skipped()).isEqualTo(
            Map.of(Reason.TRUNCATED_PACKET, 4L, Reason.BAD_UDP_LENGTH, 3L));
    }

    @Test
    void shouldSkipPacketWhenIpv4HeaderIsInvalid() throws IOException
    {
        final byte[] payload = Frames.payload(1, 10);
        final byte[] shortIhl = Frames.udp(payload).ethernet();
        shortIhl[14] = 0x44;
        final CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET)
            .record(T0_NS, Frames.udp(payload).version(5).ethernet())
            .record(T0_NS, shortIhl)
            .record(T0_NS, Frames.udp(payload).totalLengthDelta(-19).ethernet())    // 19 < IHL * 4
            .record(T0_NS, Frames.udp(payload).ipOptions(40).totalLengthDelta(-12).ethernet());

        assertThat(read(writer.bytes())).isEmpty();
        assertThat(skipped()).isEqualTo(Map.of(Reason.BAD_IP_HEADER, 3L, Reason.BAD_UDP_LENGTH, 1L));
    }

    @Test
    void shouldStopWithCorruptCountWhenPcapngBlockLengthIsWrong() throws IOException
    {
        final byte[] payload = Frames.payload(1, 10);
        final byte[] frame = Frames.udp(payload).ethernet();
        final CaptureWriter valid = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(CaptureWriter.LINKTYPE_ETHERNET, 9, 0)
            .enhancedPacket(0, T0_NS, frame);
        final int damageAt = valid.size();
        valid.enhancedPacket(0, T0_NS, frame);
        final byte[] bytes = valid.bytes();
        final List<byte[]> damaged = new ArrayList<>();

        damaged.add(withInt(bytes, damageAt + 4, 8));                      // below a block header
        damaged.add(withInt(bytes, damageAt + 4, 0x7FFF_FFF0));            // far past the file
        damaged.add(withInt(bytes, bytes.length - 4, 0x0102_0304));       // trailing copy differs
        damaged.add(concat(Arrays.copyOf(bytes, damageAt), block(6, 12), bytes));   // packet block below its fields
        damaged.add(concat(Arrays.copyOf(bytes, damageAt), block(1, 16), bytes));   // interface block below its fields
        damaged.add(concat(Arrays.copyOf(bytes, damageAt), block(0x0A0D0D0A, 16), bytes)); // section header too
        final byte[] badVersion = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN).bytes();
        badVersion[12] = 2;
        damaged.add(concat(Arrays.copyOf(bytes, damageAt), badVersion, bytes));
        final byte[] badOrder = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN).bytes();
        badOrder[9] = 0x77;
        damaged.add(concat(Arrays.copyOf(bytes, damageAt), badOrder, bytes));

        for (final byte[] file : damaged)
        {
            counters = new PcapCounters(new Counters(), "pcap");
            assertThat(read(file)).containsExactly(Packet.of(T0_NS, payload));
            assertThat(skipped()).isEqualTo(Map.of(Reason.CORRUPT_FILE, 1L));
        }
    }

    @Test
    void shouldCountTruncatedFileWhenFileEndsInsideItsHeader() throws IOException
    {
        final byte[] pcap = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, CaptureWriter.LINKTYPE_ETHERNET).bytes();
        final byte[] pcapng = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN).bytes();

        assertThat(read(Arrays.copyOf(pcap, 10))).isEmpty();
        assertThat(read(Arrays.copyOf(pcapng, 7))).isEmpty();
        assertThat(read(Arrays.copyOf(pcapng, 20))).isEmpty();
        assertThat(skipped()).isEqualTo(Map.of(Reason.TRUNCATED_FILE, 3L));
    }

    private void assertEveryCut(
        final byte[] bytes, final List<Integer> headerEnds, final List<Integer> recordEnds, final List<Packet> packets)
        throws IOException
    {
        for (int cut = 0; cut <= bytes.length; cut++)
        {
            counters = new PcapCounters(new Counters(), "pcap");
            final byte[] file = Arrays.copyOf(bytes, cut);
            if (cut < 4)
            {
                assertThatThrownBy(() -> read(file)).isExactlyInstanceOf(IllegalArgumentException.class);
                continue;
            }
            int complete = 0;
            boolean atBoundary = headerEnds.contains(cut);
            for (final int end : recordEnds)
            {
                if (end <= cut)
                {
                    complete++;
                }
                atBoundary |= end == cut;
            }

            assertThat(read(file)).as("cut at %d", cut).isEqualTo(packets.subList(0, complete));
            assertThat(skipped()).as("cut at %d", cut)
                .isEqualTo(atBoundary ? Map.of() : Map.of(Reason.TRUNCATED_FILE, 1L));
        }
    }

    private List<Packet> read(final byte[] bytes) throws IOException
    {
        final Path file = Files.write(dir.resolve("capture.pcap"), bytes);
        recorder = new Recorder();
        try (PcapReader reader = new PcapReader(file, counters))
        {
            reader.readAll(recorder);
            assertThat(reader.isDone()).isTrue();
        }
        return recorder.packets;
    }

    private Map<Reason, Long> skipped()
    {
        final Map<Reason, Long> skipped = new EnumMap<>(Reason.class);
        for (final Reason reason : Reason.values())
        {
            if (0 != counters.skipped(reason))
            {
                skipped.put(reason, counters.skipped(reason));
            }
        }
        return skipped;
    }

    private static byte[] withInt(final byte[] bytes, final int index, final int value)
    {
        final byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(index, value);
        return copy;
    }

    /**
     * A block of the given type whose consistent length is too short for that type's fields.
     */
    private static byte[] block(final int type, final int length)
    {
        final ByteBuffer block = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        block.putInt(0, type).putInt(4, length).putInt(length - 4, length);
        if (0x0A0D0D0A == type)
        {
            block.putInt(8, 0x1A2B3C4D);
        }
        return block.array();
    }

    private static byte[] concat(final byte[] prefix, final byte[] middle, final byte[] whole)
    {
        final byte[] result = Arrays.copyOf(prefix, prefix.length + middle.length + (whole.length - prefix.length));
        System.arraycopy(middle, 0, result, prefix.length, middle.length);
        System.arraycopy(whole, prefix.length, result, prefix.length + middle.length, whole.length - prefix.length);
        return result;
    }
}
