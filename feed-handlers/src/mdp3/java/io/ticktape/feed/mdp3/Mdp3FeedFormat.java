package io.ticktape.feed.mdp3;

import io.ticktape.feed.FeedFormat;
import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.status.Counters;

/**
 * CME MDP 3.0 incremental feeds, as a {@link FeedFormat} named {@code mdp3}: each packet is a UDP payload
 * (MsgSeqNum, SendingTime, messages); see {@link Mdp3PacketDecoder}.
 */
public final class Mdp3FeedFormat implements FeedFormat
{
    /** The name of this format on the command line and in configuration. */
    public static final String NAME = "mdp3";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public PacketDecoder newDecoder(final MarketDataHandler handler, final Counters counters, final String prefix)
    {
        return new Mdp3PacketDecoder(handler, counters, prefix);
    }
}
