package io.ticktape.feed.ticktape;

import io.ticktape.feed.FeedFormat;
import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.status.Counters;

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
        return (buffer, offset, length, receiveNs, channelId) -> decoder.onFrame(buffer, offset, length, receiveNs);
    }
}
