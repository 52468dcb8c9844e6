package io.ticktape.feed.transport;

import io.ticktape.feed.PacketDecoder;

/**
 * A source of packets, polled from the feed thread's duty cycle.
 */
public interface PacketSource extends AutoCloseable
{
    /**
     * Deliver what has arrived, up to a limit.
     *
     * @param decoder receives each packet.
     * @param limit   most packets to deliver in this call.
     * @return packets delivered (0 when idle).
     */
    int poll(PacketDecoder decoder, int limit);

    /**
     * @return true when the source will never deliver again (end of a capture file).
     */
    default boolean isDone()
    {
        return false;
    }

    /**
     * @return a name for logs, e.g. {@code cme/A 224.0.31.64:14340}.
     */
    String name();

    @Override
    void close();
}
