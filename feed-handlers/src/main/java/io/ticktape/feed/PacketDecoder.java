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
}
