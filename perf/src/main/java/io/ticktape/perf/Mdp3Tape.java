package io.ticktape.perf;

import io.ticktape.feed.pcap.PcapCounters;
import io.ticktape.feed.pcap.PcapReader;
import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The UDP payloads of a CME MDP 3.0 capture, once each, laid end to end in one heap buffer for a benchmark to play
 * in a loop; read without any MDP3 codec, so that it builds where the CME schemas are absent.
 * <pre>
 *   packet:  MsgSeqNum (uint32) | SendingTime (uint64) | message | message | ...
 *   message: MsgSize (uint16, counts itself) | blockLength | templateId | schemaId | version | block, groups
 * </pre>
 * A capture of both lines of a channel holds every packet twice: only the first copy of each MsgSeqNum is kept,
 * as line arbitration would keep it.
 */
final class Mdp3Tape
{
    /** The capture the benchmarks use, relative to the shared data folder. */
    static final String CAPTURE = "cme-mdp3/Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap";
    /** System property naming the shared data folder, for when it is not {@code ../shared/data}. */
    static final String DATA_PROP_NAME = "ticktape.data";

    static final int PACKET_HEADER_LENGTH = 12;
    static final int MSG_SIZE_LENGTH = 2;
    static final int MESSAGE_HEADER_LENGTH = 8;
    static final int TRADE_SUMMARY_TEMPLATE = 42;

    final byte[] bytes;
    final UnsafeBuffer buffer;
    final int[] offsets;
    final int[] lengths;
    final int[] messages;
    final int messageCount;

    private Mdp3Tape(final List<byte[]> packets)
    {
        int total = 0;
        for (final byte[] packet : packets)
        {
            total += packet.length;
        }
        bytes = new byte[total];
        buffer = new UnsafeBuffer(bytes);
        offsets = new int[packets.size()];
        lengths = new int[packets.size()];
        messages = new int[packets.size()];
        int position = 0;
        int messageCount = 0;
        for (int i = 0; i < packets.size(); i++)
        {
            final byte[] packet = packets.get(i);
            System.arraycopy(packet, 0, bytes, position, packet.length);
            offsets[i] = position;
            lengths[i] = packet.length;
            messages[i] = countMessages(packet);
            messageCount += messages[i];
            position += packet.length;
        }
        this.messageCount = messageCount;
    }

    /**
     * Read a capture's MDP3 packets, the first copy of each MsgSeqNum.
     *
     * @param capture the pcap or pcapng file.
     * @return the tape.
     * @throws IOException if it cannot be read.
     */
    static Mdp3Tape load(final Path capture) throws IOException
    {
        final List<byte[]> packets = new ArrayList<>();
        final Set<Long> seen = new HashSet<>();
        try (PcapReader reader = new PcapReader(capture, new PcapCounters(new Counters(), "bench.pcap")))
        {
            reader.readAll((timestampNs, srcIp, srcPort, dstIp, dstPort, buffer, offset, length) ->
            {
                if (length >= PACKET_HEADER_LENGTH &&
                    seen.add(buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL))
                {
                    final byte[] packet = new byte[length];
                    buffer.getBytes(offset, packet);
                    packets.add(packet);
                }
            });
        }
        return new Mdp3Tape(packets);
    }

    /**
     * The same packets with only their trade summary (template 42) messages, without the packets that had none.
     *
     * @return a new tape.
     */
    Mdp3Tape tradesOnly()
    {
        final List<byte[]> packets = new ArrayList<>();
        final UnsafeBuffer message = new UnsafeBuffer(bytes);
        for (int i = 0; i < offsets.length; i++)
        {
            final byte[] kept = new byte[lengths[i]];
            System.arraycopy(bytes, offsets[i], kept, 0, PACKET_HEADER_LENGTH);
            int length = PACKET_HEADER_LENGTH;
            final int end = offsets[i] + lengths[i];
            int position = offsets[i] + PACKET_HEADER_LENGTH;
            while (end - position >= MSG_SIZE_LENGTH + MESSAGE_HEADER_LENGTH)
            {
                final int msgSize = message.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                if (msgSize < MSG_SIZE_LENGTH + MESSAGE_HEADER_LENGTH || msgSize > end - position)
                {
                    break;
                }
                final int templateId = message.getShort(position + MSG_SIZE_LENGTH + 2, ByteOrder.LITTLE_ENDIAN);
                if (TRADE_SUMMARY_TEMPLATE == templateId)
                {
                    System.arraycopy(bytes, position, kept, length, msgSize);
                    length += msgSize;
                }
                position += msgSize;
            }
            if (length > PACKET_HEADER_LENGTH)
            {
                packets.add(Arrays.copyOf(kept, length));
            }
        }
        return new Mdp3Tape(packets);
    }

    int packetCount()
    {
        return offsets.length;
    }

    /**
     * The shared data folder: {@code -Dticktape.data=DIR} if given, else the first {@code ../shared/data} found
     * from the working directory or one of its parents (the checkout's root has it beside it), else
     * {@code ../shared/data} under the working directory, which then does not exist.
     *
     * @return the folder.
     */
    static Path dataDir()
    {
        final String property = System.getProperty(DATA_PROP_NAME);
        if (null != property && !property.isBlank())
        {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        final Path workingDir = Paths.get("").toAbsolutePath();
        for (Path dir = workingDir; null != dir; dir = dir.getParent())
        {
            final Path candidate = dir.resolve("../shared/data").normalize();
            if (Files.isDirectory(candidate))
            {
                return candidate;
            }
        }
        return workingDir.resolve("../shared/data").normalize();
    }

    private static int countMessages(final byte[] packet)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        int count = 0;
        int position = PACKET_HEADER_LENGTH;
        while (packet.length - position >= MSG_SIZE_LENGTH + MESSAGE_HEADER_LENGTH)
        {
            final int msgSize = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            if (msgSize < MSG_SIZE_LENGTH + MESSAGE_HEADER_LENGTH || msgSize > packet.length - position)
            {
                break;
            }
            count++;
            position += msgSize;
        }
        return count;
    }
}
