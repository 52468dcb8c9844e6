package io.ticktape.feed.transport;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.status.Counters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One line of a feed on UDP: a non-blocking {@link DatagramChannel} bound to the line's port, joined to its group
 * when the address is multicast. Exchanges publish each channel on two such lines (A and B); each is a source of
 * its own, and the sequencer arbitrates between them.
 * <p>
 * Datagrams are received into one direct buffer larger than any UDP payload, so a datagram is never silently cut;
 * one that fills the buffer is counted as oversized and skipped.
 */
public final class UdpLineSource implements PacketSource
{
    /** Largest UDP payload over IPv4, plus one byte to tell a full buffer from a cut datagram. */
    private static final int BUFFER_CAPACITY = 65_508;

    private final String name;
    private final int channelId;
    private final NanoClock clock;
    private final DatagramChannel channel;
    private final ByteBuffer byteBuffer = ByteBuffer.allocateDirect(BUFFER_CAPACITY);
    private final UnsafeBuffer buffer = new UnsafeBuffer(byteBuffer);
    private final AtomicCounter packets;
    private final AtomicCounter bytes;
    private final AtomicCounter oversized;
    private final AtomicCounter errors;

    /**
     * Open and bind the line.
     *
     * @param name               for logs and counter labels, e.g. {@code cme.A}.
     * @param endpoint           group (or unicast address) and port of the line.
     * @param networkInterface   interface to join the multicast group on; null for the system's choice.
     * @param receiveBufferBytes SO_RCVBUF to ask for; 0 for the system default.
     * @param channelId          channel the line belongs to.
     * @param clock              for receive timestamps.
     * @param counters           where the line's counters live.
     * @throws UncheckedIOException with the endpoint in the message if the socket cannot be opened.
     */
    public UdpLineSource(
        final String name,
        final InetSocketAddress endpoint,
        final NetworkInterface networkInterface,
        final int receiveBufferBytes,
        final int channelId,
        final NanoClock clock,
        final Counters counters)
    {
        this.name = name + " " + endpoint.getHostString() + ":" + endpoint.getPort();
        this.channelId = channelId;
        this.clock = clock;
        DatagramChannel opened = null;
        try
        {
            opened = DatagramChannel.open(StandardProtocolFamily.INET);
            opened.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (receiveBufferBytes > 0)
            {
                opened.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            final InetAddress address = endpoint.getAddress();
            if (address.isMulticastAddress())
            {
                // Bound to the group's port on all addresses, joined to the group: the socket sees that group only.
                opened.bind(new InetSocketAddress(endpoint.getPort()));
                final NetworkInterface nif = null != networkInterface ? networkInterface : defaultInterface();
                opened.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                opened.join(address, nif);
            }
            else
            {
                opened.bind(endpoint);
            }
            opened.configureBlocking(false);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietClose(opened);
            throw new UncheckedIOException(new IOException("cannot open UDP line " + this.name + ": " + ex, ex));
        }
        channel = opened;
        final String prefix = "udp." + name;
        packets = counters.newCounter(prefix + ".packets");
        bytes = counters.newCounter(prefix + ".bytes");
        oversized = counters.newCounter(prefix + ".malformed.oversized");
        errors = counters.newCounter(prefix + ".receive_errors");
    }

    @Override
    public int poll(final PacketDecoder decoder, final int limit)
    {
        int received = 0;
        while (received < limit)
        {
            byteBuffer.clear();
            try
            {
                if (null == channel.receive(byteBuffer))
                {
                    break;
                }
            }
            catch (final IOException ex)
            {
                // ICMP errors and the like surface here on some platforms: count, and try again next cycle.
                errors.incrementRelease();
                break;
            }
            final long receiveNs = clock.nanoTime();
            final int length = byteBuffer.position();
            received++;
            packets.incrementRelease();
            bytes.getAndAddRelease(length);
            if (length >= BUFFER_CAPACITY)
            {
                oversized.incrementRelease();
                continue;
            }
            decoder.onPacket(buffer, 0, length, receiveNs, channelId);
        }
        return received;
    }

    /**
     * @return the local port the line is bound to (useful when bound to port 0).
     */
    public int localPort()
    {
        try
        {
            return ((InetSocketAddress)channel.getLocalAddress()).getPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(channel);
    }

    private static NetworkInterface defaultInterface() throws IOException
    {
        for (final NetworkInterface nif : java.util.Collections.list(NetworkInterface.getNetworkInterfaces()))
        {
            if (nif.isUp() && nif.supportsMulticast() && !nif.isLoopback())
            {
                return nif;
            }
        }
        final NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        if (null == loopback)
        {
            throw new IOException("no network interface for multicast");
        }
        return loopback;
    }
}
