package io.ticktape.feed.pcap;

import org.agrona.DirectBuffer;

/**
 * Receives the UDP datagrams of a packet capture, one call per datagram, in file order.
 */
@FunctionalInterface
public interface PacketHandler
{
    /**
     * One UDP datagram.
     * <p>
     * The payload is a view into the capture file's mapping: it is valid only for the duration of this call and
     * the buffer is reused for every packet, so copy what must outlive it.
     *
     * @param timestampNs capture timestamp, epoch nanoseconds (the capturing host's clock, not the exchange's).
     * @param srcIp       IPv4 source address, as the int whose big-endian bytes are the dotted quad.
     * @param srcPort     UDP source port, 0 to 65535.
     * @param dstIp       IPv4 destination address, as the int whose big-endian bytes are the dotted quad.
     * @param dstPort     UDP destination port, 0 to 65535.
     * @param buffer      holding the UDP payload.
     * @param offset      where the UDP payload starts in {@code buffer}.
     * @param length      bytes of UDP payload, possibly 0.
     */
    void onUdpPacket(
        long timestampNs,
        int srcIp,
        int srcPort,
        int dstIp,
        int dstPort,
        DirectBuffer buffer,
        int offset,
        int length);
}
