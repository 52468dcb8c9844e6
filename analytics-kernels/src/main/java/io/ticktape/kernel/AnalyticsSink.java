package io.ticktape.kernel;

import org.agrona.DirectBuffer;

/**
 * Where the kernel's encoded SBE outputs go (an Aeron publication in the engine, a recorder in tests).
 */
@FunctionalInterface
public interface AnalyticsSink
{
    /**
     * One encoded message, header included. The buffer is reused after the call returns.
     *
     * @param buffer holding the message.
     * @param offset of its message header.
     * @param length of the message.
     */
    void onAnalytics(DirectBuffer buffer, int offset, int length);
}
