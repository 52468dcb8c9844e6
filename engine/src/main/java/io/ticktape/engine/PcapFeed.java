package io.ticktape.engine;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.feed.pcap.PacketHandler;
import io.ticktape.feed.pcap.PcapCounters;
import io.ticktape.feed.pcap.PcapReader;
import io.ticktape.feed.pcap.PcapReplay;
import io.ticktape.feed.transport.PacketSource;
import io.ticktape.protocol.status.Counters;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A capture file as a feed: its UDP datagrams, as fast as possible or at captured pace, into the feed's decoder.
 * <p>
 * With {@code lines} configured, only datagrams sent to those endpoints are taken, all on the feed's channel.
 * Without, every UDP datagram is taken and its channel is the destination port modulo 1000: CME publishes a
 * channel's incremental feed A on port 14xxx and B on 15xxx with the same last three digits, so both lines of a
 * channel meet in one arbitrator.
 */
final class PcapFeed implements PacketSource, PacketHandler
{
    private final PcapReader reader;
    private final PcapReplay replay;
    private final NanoClock clock;
    private final int channelId;
    private final LongHashSet endpoints = new LongHashSet();
    private PacketDecoder decoder;
    private long receiveNs;

    private PcapFeed(final PcapReader reader, final PcapReplay replay, final NanoClock clock, final FeedConfig feed)
    {
        this.reader = reader;
        this.replay = replay;
        this.clock = clock;
        this.channelId = feed.channelId;
        for (final String line : feed.lines)
        {
            final InetSocketAddress endpoint = FeedSources.endpoint(line);
            final byte[] ip = endpoint.getAddress().getAddress();
            endpoints.add(key(java.nio.ByteBuffer.wrap(ip).getInt(), endpoint.getPort()));
        }
    }

    static PcapFeed open(final FeedConfig feed, final NanoClock clock, final Counters counters)
    {
        final double speed = FeedSources.paceFactor(feed.pace);
        final PcapReplay replay = speed == 0 ? PcapReplay.asFastAsPossible() : PcapReplay.atSpeed(speed);
        try
        {
            final PcapReader reader =
                new PcapReader(Path.of(feed.file), new PcapCounters(counters, "pcap." + feed.name));
            return new PcapFeed(reader, replay, clock, feed);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("feed " + feed.name + ": cannot read " + feed.file + ": " + ex.getMessage(),
                ex);
        }
    }

    @Override
    public int poll(final PacketDecoder decoder, final int limit)
    {
        this.decoder = decoder;
        receiveNs = clock.nanoTime();
        return replay.poll(reader, this, receiveNs, limit);
    }

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
        if (endpoints.isEmpty())
        {
            decoder.onPacket(buffer, offset, length, receiveNs, dstPort % 1000);
        }
        else if (endpoints.contains(key(dstIp, dstPort)))
        {
            decoder.onPacket(buffer, offset, length, receiveNs, channelId);
        }
    }

    @Override
    public boolean isDone()
    {
        return reader.isDone();
    }

    @Override
    public String name()
    {
        return "pcap " + reader.path();
    }

    @Override
    public void close()
    {
        reader.close();
    }

    private static long key(final int ip, final int port)
    {
        return ((long)ip << 16) | port;
    }
}
