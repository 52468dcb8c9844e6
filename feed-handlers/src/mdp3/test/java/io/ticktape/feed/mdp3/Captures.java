package io.ticktape.feed.mdp3;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal reader of packet captures for tests: classic pcap (either byte order, micro- or nanosecond) and pcapng
 * (section, interface description, enhanced and simple packet blocks, per-interface link type and timestamp
 * resolution), Ethernet (with 802.1Q tags), Linux cooked and raw IP link layers, IPv4 with UDP or TCP. Everything
 * else (other link layers or protocols, IP fragments, PIM, ARP, ...) is counted as skipped.
 * <p>
 * The CME captures live beside the checkout, in {@code ../shared/data/cme-mdp3}, and are never copied into the
 * repository (their licence does not allow it): tests that need them skip where they are absent.
 */
final class Captures
{
    /** The CME captures and schemas, resolved from the module directory (surefire's working directory). */
    static final Path ROOT = Path.of("..", "..", "shared", "data", "cme-mdp3");

    private static final int ETHERNET = 1;
    private static final int RAW_IP = 101;
    private static final int LINUX_SLL = 113;
    private static final int IPV4_RAW = 228;
    private static final int ETHER_TYPE_IPV4 = 0x0800;
    private static final int ETHER_TYPE_VLAN = 0x8100;
    private static final int ETHER_TYPE_QINQ = 0x88A8;
    private static final int UDP = 17;
    private static final int TCP = 6;

    private Captures()
    {
    }

    /**
     * @return true if the CME captures are beside the checkout.
     */
    static boolean available()
    {
        return Files.isDirectory(ROOT);
    }

    /**
     * @param relative path under {@link #ROOT}.
     * @return the path, the calling test being skipped if it is absent.
     */
    static Path require(final String relative)
    {
        final Path path = ROOT.resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(path), "no " + path.toAbsolutePath().normalize() +
            " (CME captures are read in place, never copied into the repository)");
        return path;
    }

    /**
     * A UDP datagram or TCP segment payload.
     *
     * @param frame       index of its frame in the capture, from 0.
     * @param timeNs      capture timestamp, epoch ns.
     * @param destination destination IPv4 address, dotted.
     * @param port        destination port.
     * @param payload     the transport payload.
     */
    record Datagram(int frame, long timeNs, String destination, int port, byte[] payload)
    {
        String feed()
        {
            return destination + ":" + port;
        }
    }

    /**
     * What a capture holds.
     *
     * @param frames  number of frames (packets) in the file.
     * @param skipped frames that are not IPv4 UDP or TCP (or are IP fragments).
     * @param udp     UDP payloads, in capture order.
     * @param tcp     TCP payloads (non-empty ones), in capture order.
     */
    record Capture(int frames, int skipped, List<Datagram> udp, List<Datagram> tcp)
    {
    }

    /**
     * @param path of a pcap or pcapng file.
     * @return its frames' payloads.
     */
    static Capture read(final Path path)
    {
        final ByteBuffer file;
        try
        {
            file = ByteBuffer.wrap(Files.readAllBytes(path));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final Reader reader = new Reader();
        final int magic = file.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0x0A0D0D0A)
        {
            reader.readPcapng(file);
        }
        else
        {
            reader.readPcap(file);
        }
        return new Capture(reader.frames, reader.skipped, reader.udp, reader.tcp);
    }

    private static final class Reader
    {
        private final List<Datagram> udp = new ArrayList<>();
        private final List<Datagram> tcp = new ArrayList<>();
        private int frames;
        private int skipped;

        void readPcap(final ByteBuffer file)
        {
            final int magic = file.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            final boolean nanos;
            if (magic == 0xA1B2C3D4 || magic == 0xA1B23C4D)
            {
                file.order(ByteOrder.LITTLE_ENDIAN);
                nanos = magic == 0xA1B23C4D;
            }
            else
            {
                file.order(ByteOrder.BIG_ENDIAN);
                final int swapped = file.getInt(0);
                if (swapped != 0xA1B2C3D4 && swapped != 0xA1B23C4D)
                {
                    throw new IllegalArgumentException("not a pcap or pcapng file");
                }
                nanos = swapped == 0xA1B23C4D;
            }
            final int linkType = file.getInt(20) & 0xFFFF;
            int position = 24;
            while (position + 16 <= file.limit())
            {
                final long seconds = file.getInt(position) & 0xFFFF_FFFFL;
                final long fraction = file.getInt(position + 4) & 0xFFFF_FFFFL;
                final int capturedLength = file.getInt(position + 8);
                final int dataStart = position + 16;
                final int dataLength = Math.min(capturedLength, file.limit() - dataStart);
                frame(file, dataStart, dataLength, linkType, seconds * 1_000_000_000L + fraction * (nanos ? 1 : 1000));
                position = dataStart + capturedLength;
            }
        }

        void readPcapng(final ByteBuffer file)
        {
            final List<int[]> interfaces = new ArrayList<>();
            file.order(ByteOrder.LITTLE_ENDIAN);
            int position = 0;
            while (position + 12 <= file.limit())
            {
                // The section header's type reads the same in either byte order.
                final int type = file.getInt(position);
                if (type == 0x0A0D0D0A)
                {
                    // A section header sets the byte order of everything up to the next one.
                    final int byteOrderMagic = file.getInt(position + 8);
                    file.order(byteOrderMagic == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                    interfaces.clear();
                }
                final int blockLength = file.getInt(position + 4);
                if (blockLength < 12 || position + blockLength > file.limit())
                {
                    break;
                }
                switch (type)
                {
                    case 1: // interface description
                        interfaces.add(new int[]{ file.getShort(position + 8) & 0xFFFF,
                            timestampResolution(file, position + 16, position + blockLength - 4) });
                        break;
                    case 6: // enhanced packet
                    {
                        final int[] iface = interfaces.get(file.getInt(position + 8));
                        final long timestamp = ((file.getInt(position + 12) & 0xFFFF_FFFFL) << 32) |
                            (file.getInt(position + 16) & 0xFFFF_FFFFL);
                        final int capturedLength = file.getInt(position + 20);
                        frame(file, position + 28, capturedLength, iface[0], toNanos(timestamp, iface[1]));
                        break;
                    }
                    case 3: // simple packet: interface 0, no timestamp
                    {
                        final int capturedLength = Math.min(file.getInt(position + 8), blockLength - 16);
                        frame(file, position + 12, capturedLength, interfaces.get(0)[0], 0);
                        break;
                    }
                    default:
                        break;
                }
                position += blockLength;
            }
        }

        private static int timestampResolution(final ByteBuffer file, final int optionsStart, final int optionsEnd)
        {
            int position = optionsStart;
            while (position + 4 <= optionsEnd)
            {
                final int code = file.getShort(position) & 0xFFFF;
                final int length = file.getShort(position + 2) & 0xFFFF;
                if (code == 0)
                {
                    break;
                }
                if (code == 9 && length == 1)
                {
                    // if_tsresol: a power of ten (or of two if the top bit is set) of a second.
                    return file.get(position + 4);
                }
                position += 4 + ((length + 3) & ~3);
            }
            return 6;
        }

        private static long toNanos(final long timestamp, final int resolution)
        {
            if ((resolution & 0x80) != 0)
            {
                final int power = resolution & 0x7F;
                return (long)(timestamp * (1_000_000_000.0 / Math.pow(2, power)));
            }
            long nanos = timestamp;
            for (int i = resolution; i < 9; i++)
            {
                nanos *= 10;
            }
            for (int i = 9; i < resolution; i++)
            {
                nanos /= 10;
            }
            return nanos;
        }

        private void frame(
            final ByteBuffer file, final int start, final int length, final int linkType, final long timeNs)
        {
            // Capture headers follow the file's byte order, network headers are big-endian.
            final ByteOrder order = file.order();
            file.order(ByteOrder.BIG_ENDIAN);
            try
            {
                linkLayer(file, frames++, start, start + length, linkType, timeNs);
            }
            finally
            {
                file.order(order);
            }
        }

        private void linkLayer(
            final ByteBuffer file,
            final int index,
            final int start,
            final int end,
            final int linkType,
            final long timeNs)
        {
            int ip;
            switch (linkType)
            {
                case ETHERNET:
                {
                    int etherType = end >= start + 14 ? file.getShort(start + 12) & 0xFFFF : -1;
                    ip = start + 14;
                    while ((etherType == ETHER_TYPE_VLAN || etherType == ETHER_TYPE_QINQ) && ip + 4 <= end)
                    {
                        etherType = file.getShort(ip + 2) & 0xFFFF;
                        ip += 4;
                    }
                    if (etherType != ETHER_TYPE_IPV4)
                    {
                        skipped++;
                        return;
                    }
                    break;
                }
                case LINUX_SLL:
                    if (end < start + 16 || (file.getShort(start + 14) & 0xFFFF) != ETHER_TYPE_IPV4)
                    {
                        skipped++;
                        return;
                    }
                    ip = start + 16;
                    break;
                case RAW_IP:
                case IPV4_RAW:
                    ip = start;
                    break;
                default:
                    skipped++;
                    return;
            }
            ipv4(file, index, ip, end, timeNs);
        }

        private void ipv4(final ByteBuffer file, final int index, final int ip, final int end, final long timeNs)
        {
            if (ip + 20 > end || (file.get(ip) & 0xF0) != 0x40)
            {
                skipped++;
                return;
            }
            final int headerLength = (file.get(ip) & 0x0F) * 4;
            final int totalLength = file.getShort(ip + 2) & 0xFFFF;
            final int fragment = file.getShort(ip + 6) & 0x3FFF;
            final int protocol = file.get(ip + 9) & 0xFF;
            final int ipEnd = Math.min(end, ip + totalLength);
            final int transport = ip + headerLength;
            final String destination = (file.get(ip + 16) & 0xFF) + "." + (file.get(ip + 17) & 0xFF) + "." +
                (file.get(ip + 18) & 0xFF) + "." + (file.get(ip + 19) & 0xFF);
            if (fragment != 0)
            {
                skipped++;
            }
            else if (protocol == UDP && transport + 8 <= ipEnd)
            {
                final int port = file.getShort(transport + 2) & 0xFFFF;
                final int payloadEnd = Math.min(ipEnd, transport + (file.getShort(transport + 4) & 0xFFFF));
                udp.add(new Datagram(index, timeNs, destination, port,
                    bytes(file, transport + 8, payloadEnd)));
            }
            else if (protocol == TCP && transport + 20 <= ipEnd)
            {
                final int port = file.getShort(transport + 2) & 0xFFFF;
                final int dataOffset = ((file.get(transport + 12) & 0xF0) >> 4) * 4;
                if (transport + dataOffset < ipEnd)
                {
                    tcp.add(new Datagram(index, timeNs, destination, port,
                        bytes(file, transport + dataOffset, ipEnd)));
                }
            }
            else
            {
                skipped++;
            }
        }

        private static byte[] bytes(final ByteBuffer file, final int from, final int to)
        {
            final byte[] bytes = new byte[Math.max(0, to - from)];
            file.get(from, bytes);
            return bytes;
        }
    }
}
