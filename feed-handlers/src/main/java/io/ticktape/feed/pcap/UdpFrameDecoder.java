package io.ticktape.feed.pcap;

import io.ticktape.feed.pcap.PcapCounters.Reason;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Finds the UDP datagram in one captured frame: link layer, IPv4, UDP. A flyweight: the result of the last
 * successful {@link #decode} stays in its fields until the next call.
 * <pre>
 *   Ethernet (1):        dst(6) src(6) [0x8100|0x88a8|0x9100 tci(2)]* etherType(2) | IPv4
 *   Linux SLL (113):     type(2) arphrd(2) addrLen(2) addr(8) protocol(2)           | IPv4
 *   Linux SLL2 (276):    protocol(2) reserved(2) ifIndex(4) arphrd(2) type(1) addrLen(1) addr(8) | IPv4
 *   raw IP (101), IPv4 (228): IPv4
 *
 *   IPv4: version/IHL(1) tos(1) totalLength(2) id(2) flags/fragmentOffset(2) ttl(1) protocol(1) checksum(2)
 *         src(4) dst(4) options(IHL * 4 - 20)
 *   UDP:  srcPort(2) dstPort(2) length(2) checksum(2) payload(length - 8)
 * </pre>
 * Checksums are not verified: captures taken on hosts with checksum offload routinely hold wrong ones.
 */
final class UdpFrameDecoder
{
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_IPV4 = 228;
    static final int LINKTYPE_LINUX_SLL2 = 276;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88a8;
    static final int ETHERTYPE_QINQ_LEGACY = 0x9100;

    static final int ETHERNET_HEADER_LENGTH = 14;
    static final int SLL_HEADER_LENGTH = 16;
    static final int SLL2_HEADER_LENGTH = 20;
    static final int VLAN_TAG_LENGTH = 4;
    static final int IPV4_MIN_HEADER_LENGTH = 20;
    static final int UDP_HEADER_LENGTH = 8;
    static final int IP_PROTOCOL_UDP = 17;

    private static final int MORE_FRAGMENTS_AND_OFFSET_MASK = 0x3FFF;

    int srcIp;
    int srcPort;
    int dstIp;
    int dstPort;
    int payloadOffset;
    int payloadLength;

    /**
     * Decode one frame.
     *
     * @param buffer   holding the frame.
     * @param offset   where the frame starts.
     * @param length   captured bytes of the frame.
     * @param linkType the capture's link type.
     * @return null when a whole UDP datagram was found (see the fields), otherwise why not.
     */
    Reason decode(final DirectBuffer buffer, final int offset, final int length, final int linkType)
    {
        final int end = offset + length;
        int etherType;
        int position;
        switch (linkType)
        {
            case LINKTYPE_ETHERNET:
                if (length < ETHERNET_HEADER_LENGTH)
                {
                    return Reason.TRUNCATED_PACKET;
                }
                etherType = uint16(buffer, offset + 12);
                position = offset + ETHERNET_HEADER_LENGTH;
                break;

            case LINKTYPE_LINUX_SLL:
                if (length < SLL_HEADER_LENGTH)
                {
                    return Reason.TRUNCATED_PACKET;
                }
                etherType = uint16(buffer, offset + 14);
                position = offset + SLL_HEADER_LENGTH;
                break;

            case LINKTYPE_LINUX_SLL2:
                if (length < SLL2_HEADER_LENGTH)
                {
                    return Reason.TRUNCATED_PACKET;
                }
                etherType = uint16(buffer, offset);
                position = offset + SLL2_HEADER_LENGTH;
                break;

            case LINKTYPE_RAW:
            case LINKTYPE_IPV4:
                // Raw IP may hold IPv6 too: with no link header, the version nibble is the only protocol field.
                if (length >= 1 && (buffer.getByte(offset) & 0xF0) != 0x40)
                {
                    return Reason.NOT_IPV4;
                }
                return ipv4(buffer, offset, end);

            default:
                return Reason.UNKNOWN_LINK_TYPE;
        }

        // Each tag moves position on by 4 bytes towards end, so stacked (or hostile endless) tags terminate.
        while (ETHERTYPE_VLAN == etherType || ETHERTYPE_QINQ == etherType || ETHERTYPE_QINQ_LEGACY == etherType)
        {
            if (end - position < VLAN_TAG_LENGTH)
            {
                return Reason.TRUNCATED_PACKET;
            }
            etherType = uint16(buffer, position + 2);
            position += VLAN_TAG_LENGTH;
        }

        if (ETHERTYPE_IPV4 != etherType)
        {
            return Reason.NOT_IPV4;
        }
        return ipv4(buffer, position, end);
    }

    private Reason ipv4(final DirectBuffer buffer, final int ip, final int end)
    {
        if (end - ip < 1)
        {
            return Reason.TRUNCATED_PACKET;
        }
        final int versionAndLength = buffer.getByte(ip) & 0xFF;
        final int headerLength = (versionAndLength & 0x0F) * 4;
        if ((versionAndLength >>> 4) != 4 || headerLength < IPV4_MIN_HEADER_LENGTH)
        {
            return Reason.BAD_IP_HEADER;
        }
        if (end - ip < headerLength)
        {
            return Reason.TRUNCATED_PACKET;
        }
        final int totalLength = uint16(buffer, ip + 2);
        if (totalLength < headerLength)
        {
            return Reason.BAD_IP_HEADER;
        }
        if ((buffer.getByte(ip + 9) & 0xFF) != IP_PROTOCOL_UDP)
        {
            return Reason.NOT_UDP;
        }
        if ((uint16(buffer, ip + 6) & MORE_FRAGMENTS_AND_OFFSET_MASK) != 0)
        {
            return Reason.FRAGMENT;
        }
        // The datagram's own length bounds it, not the frame's: Ethernet pads short frames and may carry an FCS.
        if (totalLength > end - ip)
        {
            return Reason.TRUNCATED_PACKET;
        }

        final int udp = ip + headerLength;
        final int ipPayloadLength = totalLength - headerLength;
        if (ipPayloadLength < UDP_HEADER_LENGTH)
        {
            return Reason.BAD_UDP_LENGTH;
        }
        final int udpLength = uint16(buffer, udp + 4);
        if (udpLength < UDP_HEADER_LENGTH || udpLength > ipPayloadLength)
        {
            return Reason.BAD_UDP_LENGTH;
        }

        srcIp = buffer.getInt(ip + 12, ByteOrder.BIG_ENDIAN);
        dstIp = buffer.getInt(ip + 16, ByteOrder.BIG_ENDIAN);
        srcPort = uint16(buffer, udp);
        dstPort = uint16(buffer, udp + 2);
        payloadOffset = udp + UDP_HEADER_LENGTH;
        payloadLength = udpLength - UDP_HEADER_LENGTH;
        return null;
    }

    private static int uint16(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
