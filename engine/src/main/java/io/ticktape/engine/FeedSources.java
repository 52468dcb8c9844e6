package io.ticktape.engine;

import io.aeron.Aeron;
import io.ticktape.feed.transport.AeronSource;
import io.ticktape.feed.transport.PacketSource;
import io.ticktape.feed.transport.UdpLineSource;
import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.NanoClock;

import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the packet sources a {@link FeedConfig} describes.
 */
final class FeedSources
{
    private FeedSources()
    {
    }

    static List<PacketSource> open(
        final FeedConfig feed, final Aeron aeron, final NanoClock clock, final Counters counters)
    {
        final List<PacketSource> sources = new ArrayList<>();
        switch (feed.transport)
        {
            case "udp":
            {
                final NetworkInterface nif = networkInterface(feed);
                char line = 'A';
                for (final String endpoint : feed.lines)
                {
                    sources.add(new UdpLineSource(feed.name + "." + line++, endpoint(endpoint), nif,
                        feed.receiveBufferBytes, feed.channelId, clock, counters));
                }
                break;
            }
            case "aeron":
                sources.add(new AeronSource(aeron.addSubscription(feed.aeronChannel, feed.streamId), feed.channelId,
                    clock));
                break;
            case "pcap":
                sources.add(PcapFeed.open(feed, clock, counters));
                break;
            default:
                throw new IllegalArgumentException("feed " + feed.name + ": unknown transport " + feed.transport);
        }
        return sources;
    }

    static InetSocketAddress endpoint(final String hostPort)
    {
        final int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1)
        {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        }
        final int port;
        try
        {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad port in '" + hostPort + "'");
        }
        if (port < 0 || port > 0xFFFF)
        {
            throw new IllegalArgumentException("bad port in '" + hostPort + "'");
        }
        return new InetSocketAddress(hostPort.substring(0, colon), port);
    }

    /**
     * @param pace {@code max}, {@code realtime} or {@code Nx}.
     * @return speed factor: 0 for max, 1 for realtime, N for Nx.
     */
    static double paceFactor(final String pace)
    {
        if ("max".equals(pace))
        {
            return 0;
        }
        if ("realtime".equals(pace))
        {
            return 1;
        }
        if (pace.endsWith("x"))
        {
            try
            {
                final double factor = Double.parseDouble(pace.substring(0, pace.length() - 1));
                if (factor > 0 && Double.isFinite(factor))
                {
                    return factor;
                }
            }
            catch (final NumberFormatException ignore)
            {
                // Falls through to the error below.
            }
        }
        throw new IllegalArgumentException("pace must be max, realtime or Nx (e.g. 10x): '" + pace + "'");
    }

    private static NetworkInterface networkInterface(final FeedConfig feed)
    {
        if (feed.networkInterface.isEmpty())
        {
            return null;
        }
        try
        {
            final NetworkInterface nif = NetworkInterface.getByName(feed.networkInterface);
            if (null == nif)
            {
                throw new IllegalArgumentException("feed " + feed.name + ": no network interface '" +
                    feed.networkInterface + "'");
            }
            return nif;
        }
        catch (final SocketException ex)
        {
            throw new IllegalArgumentException("feed " + feed.name + ": " + ex.getMessage());
        }
    }
}
