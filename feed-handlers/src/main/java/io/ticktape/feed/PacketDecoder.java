package io.ticktape.feed;

import org.agrona.DirectBuffer;

/**
 * Decodes the payload of one packet (a UDP datagram, an Aeron message, a frame from a capture) of some feed format
 * into normalized ticks for a {@link MarketDataHandler}. Implementations count and skip malformed input; they never
 * throw on bad bytes. One instance per feed thread.
 */
@FunctionalInterface
public interface PacketDecoder
{
    /**
     * Decode one packet.
     *
     * @param buffer    holding the packet payload.
     * @param offset    where the payload starts.
     * @param length    payload bytes.
     * @param receiveNs when it was received (nanoTime).
     * @param channelId channel the packet arrived on, for formats whose packets do not name it themselves.
     * @return number of ticks delivered.
     */
    int onPacket(DirectBuffer buffer, int offset, int length, long receiveNs, int channelId);

    /**
     * The packet's line sequence number, read without decoding it, so lines can be arbitrated before decoding.
     *
     * @param buffer holding the packet payload.
     * @param offset where the payload starts.
     * @param length payload bytes.
     * @return the sequence number, or -1 if the format has none or the packet is too short to hold one (such packets
     * are passed straight to {@link #onPacket}, which counts them).
     */
    default long lineSeq(final DirectBuffer buffer, final int offset, final int length)
    {
        return -1;
    }

    /**
     * The channel a packet belongs to.
     *
     * @param buffer             holding the packet payload.
     * @param offset             where the payload starts.
     * @param length             payload bytes.
     * @param transportChannelId the channel its transport is configured for.
     * @return the channel: the transport's, unless the format names one in the packet.
     */
    default int channelId(final DirectBuffer buffer, final int offset, final int length, final int transportChannelId)
    {
        return transportChannelId;
    }
}
