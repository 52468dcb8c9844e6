package io.ticktape.feed.transport;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.ticktape.feed.PacketDecoder;
import org.agrona.concurrent.NanoClock;

/**
 * Packets from an upstream publisher already on Aeron: each Aeron message is one packet of the feed's format.
 * Fragmented messages are reassembled before decoding.
 */
public final class AeronSource implements PacketSource
{
    private final Subscription subscription;
    private final int channelId;
    private final NanoClock clock;
    private final FragmentAssembler assembler;
    private PacketDecoder decoder;

    /**
     * @param subscription to poll; closed with this source.
     * @param channelId    channel its packets belong to.
     * @param clock        for receive timestamps.
     */
    public AeronSource(final Subscription subscription, final int channelId, final NanoClock clock)
    {
        this.subscription = subscription;
        this.channelId = channelId;
        this.clock = clock;
        this.assembler = new FragmentAssembler(
            (buffer, offset, length, header) -> decoder.onPacket(buffer, offset, length, this.clock.nanoTime(),
                this.channelId));
    }

    @Override
    public int poll(final PacketDecoder decoder, final int limit)
    {
        this.decoder = decoder;
        return subscription.poll(assembler, limit);
    }

    @Override
    public String name()
    {
        return "aeron " + subscription.channel() + " stream " + subscription.streamId();
    }

    @Override
    public void close()
    {
        subscription.close();
    }
}
