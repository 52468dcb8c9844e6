package io.ticktape.feed.ticktape;

import io.ticktape.feed.FeedFormat;
import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.FrameHeaderFlyweight;
import io.ticktape.protocol.status.Counters;
import org.agrona.DirectBuffer;

/**
 * Ticktape's own SBE feed, as a {@link FeedFormat} named {@code ticktape}.
 */
public final class TicktapeFeedFormat implements FeedFormat
{
    @Override
    public String name()
    {
        return "ticktape";
    }

    @Override
    public PacketDecoder newDecoder(final MarketDataHandler handler, final Counters counters, final String prefix)
    {
        final TicktapeFeedDecoder decoder = new TicktapeFeedDecoder(handler, counters, prefix);
        final FrameHeaderFlyweight header = new FrameHeaderFlyweight();
        return new PacketDecoder()
        {
            @Override
            public int onPacket(
                final DirectBuffer buffer, final int offset, final int length, final long receiveNs, final int channel)
            {
                return decoder.onFrame(buffer, offset, length, receiveNs);
            }

            @Override
            public long lineSeq(final DirectBuffer buffer, final int offset, final int length)
            {
                return length < FrameHeaderFlyweight.LENGTH ? -1 : header.wrap(buffer, offset).lineSeq();
            }

            @Override
            public int channelId(final DirectBuffer buffer, final int offset, final int length, final int transport)
            {
                return length < FrameHeaderFlyweight.LENGTH ? transport : header.wrap(buffer, offset).channelId();
            }
        };
    }
}
