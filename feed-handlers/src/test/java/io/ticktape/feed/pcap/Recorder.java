package io.ticktape.feed.pcap;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a copy of every packet delivered, and checks on the way that each view lies inside its buffer.
 */
final class Recorder implements PacketHandler
{
    record Packet(long timestampNs, int srcIp, int srcPort, int dstIp, int dstPort, List<Byte> payload)
    {
        static Packet of(
            final long timestampNs, final int srcIp, final int srcPort, final int dstIp, final int dstPort,
            final byte[] payload)
        {
            final List<Byte> bytes = new ArrayList<>(payload.length);
            for (final byte b : payload)
            {
                bytes.add(b);
            }
            return new Packet(timestampNs, srcIp, srcPort, dstIp, dstPort, bytes);
        }

        static Packet of(final long timestampNs, final byte[] payload)
        {
            return of(timestampNs, Frames.SRC_IP, Frames.SRC_PORT, Frames.DST_IP, Frames.DST_PORT, payload);
        }
    }

    final List<Packet> packets = new ArrayList<>();
    final List<Integer> offsets = new ArrayList<>();
    DirectBuffer lastBuffer;
    int lastCapacity;
    boolean sameBufferEveryTime = true;

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
        if (offset < 0 || length < 0 || offset + length > buffer.capacity())
        {
            throw new AssertionError("view outside its buffer: " + offset + "+" + length + " > " + buffer.capacity());
        }
        if (null != lastBuffer && lastBuffer != buffer)
        {
            sameBufferEveryTime = false;
        }
        lastBuffer = buffer;
        lastCapacity = buffer.capacity();
        final byte[] payload = new byte[length];
        buffer.getBytes(offset, payload);
        packets.add(Packet.of(timestampNs, srcIp, srcPort, dstIp, dstPort, payload));
        offsets.add(offset);
    }
}
