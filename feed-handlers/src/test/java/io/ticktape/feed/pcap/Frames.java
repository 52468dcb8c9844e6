package io.ticktape.feed.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds link-layer frames holding one IPv4 datagram, written byte by byte from the RFCs rather than with the
 * reader's code, with knobs to damage every field the reader checks.
 */
final class Frames
{
    static final int SRC_IP = 0x0A01_0203;   // 10.1.2.3
    static final int DST_IP = 0xE000_1F40;   // 224.0.31.64
    static final int SRC_PORT = 40_001;
    static final int DST_PORT = 14_340;

    int srcIp = SRC_IP;
    int dstIp = DST_IP;
    int srcPort = SRC_PORT;
    int dstPort = DST_PORT;
    byte[] payload = new byte[0];
    int[] vlanTpids = new int[0];
    int etherType = 0x0800;
    int version = 4;
    int ipOptionsLength;
    int protocol = 17;
    int flagsAndFragmentOffset = 0x4000;   // DF, as real multicast senders set
    int totalLengthDelta;
    int udpLengthDelta;
    int trailerLength;

    static Frames udp(final byte[] payload)
    {
        final Frames frames = new Frames();
        frames.payload = payload;
        return frames;
    }

    Frames payload(final byte[] payload)
    {
        this.payload = payload;
        return this;
    }

    Frames ports(final int srcPort, final int dstPort)
    {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        return this;
    }

    Frames addresses(final int srcIp, final int dstIp)
    {
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        return this;
    }

    Frames vlan(final int... tpids)
    {
        vlanTpids = tpids;
        return this;
    }

    Frames etherType(final int etherType)
    {
        this.etherType = etherType;
        return this;
    }

    Frames version(final int version)
    {
        this.version = version;
        return this;
    }

    Frames ipOptions(final int length)
    {
        ipOptionsLength = length;
        return this;
    }

    Frames protocol(final int protocol)
    {
        this.protocol = protocol;
        return this;
    }

    Frames fragment(final int flagsAndFragmentOffset)
    {
        this.flagsAndFragmentOffset = flagsAndFragmentOffset;
        return this;
    }

    Frames totalLengthDelta(final int delta)
    {
        totalLengthDelta = delta;
        return this;
    }

    Frames udpLengthDelta(final int delta)
    {
        udpLengthDelta = delta;
        return this;
    }

    /**
     * Bytes after the datagram inside the frame, e.g. Ethernet padding and FCS.
     */
    Frames trailer(final int length)
    {
        trailerLength = length;
        return this;
    }

    byte[] ipv4()
    {
        final int headerLength = 20 + ipOptionsLength;
        final int udpLength = 8 + payload.length;
        final ByteBuffer ip = ByteBuffer.allocate(headerLength + udpLength).order(ByteOrder.BIG_ENDIAN);
        ip.put((byte)((version << 4) | (headerLength / 4)));
        ip.put((byte)0);
        ip.putShort((short)(headerLength + udpLength + totalLengthDelta));
        ip.putShort((short)0x1234);
        ip.putShort((short)flagsAndFragmentOffset);
        ip.put((byte)32);
        ip.put((byte)protocol);
        ip.putShort((short)0);
        ip.putInt(srcIp);
        ip.putInt(dstIp);
        for (int i = 0; i < ipOptionsLength; i++)
        {
            ip.put((byte)1);   // NOP options
        }
        ip.putShort((short)srcPort);
        ip.putShort((short)dstPort);
        ip.putShort((short)(udpLength + udpLengthDelta));
        ip.putShort((short)0);
        ip.put(payload);
        return ip.array();
    }

    byte[] ethernet()
    {
        final byte[] ip = ipv4();
        final ByteBuffer frame = ByteBuffer.allocate(14 + 4 * vlanTpids.length + ip.length + trailerLength);
        frame.put(new byte[] { 0x01, 0x00, 0x5e, 0x00, 0x1f, 0x40 });
        frame.put(new byte[] { 0x00, 0x1c, 0x73, 0x09, 0x28, (byte)0x9f });
        for (final int tpid : vlanTpids)
        {
            frame.putShort((short)tpid);
            frame.putShort((short)0x0064);   // VLAN 100
        }
        frame.putShort((short)etherType);
        frame.put(ip);
        for (int i = 0; i < trailerLength; i++)
        {
            frame.put((byte)0xEE);
        }
        return frame.array();
    }

    byte[] linuxSll()
    {
        final byte[] ip = ipv4();
        final ByteBuffer frame = ByteBuffer.allocate(16 + ip.length);
        frame.putShort((short)0);       // sent to us
        frame.putShort((short)1);       // ARPHRD_ETHER
        frame.putShort((short)6);
        frame.put(new byte[] { 0x00, 0x1c, 0x73, 0x09, 0x28, (byte)0x9f, 0, 0 });
        frame.putShort((short)etherType);
        frame.put(ip);
        return frame.array();
    }

    byte[] linuxSll2()
    {
        final byte[] ip = ipv4();
        final ByteBuffer frame = ByteBuffer.allocate(20 + ip.length);
        frame.putShort((short)etherType);
        frame.putShort((short)0);
        frame.putInt(3);                // interface index
        frame.putShort((short)1);       // ARPHRD_ETHER
        frame.put((byte)2);             // multicast
        frame.put((byte)6);
        frame.put(new byte[] { 0x00, 0x1c, 0x73, 0x09, 0x28, (byte)0x9f, 0, 0 });
        frame.put(ip);
        return frame.array();
    }

    static byte[] payload(final int seed, final int length)
    {
        final byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(seed * 31 + i * 7);
        }
        return payload;
    }
}
