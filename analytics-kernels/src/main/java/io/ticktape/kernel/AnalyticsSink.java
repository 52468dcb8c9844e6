package io.ticktape.kernel;

import io.ticktape.protocol.tick.Tick;
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

    /**
     * The kernel has finished with a tick: every output it caused has gone to {@link #onAnalytics} before this call.
     * Called for every tick, including those the kernel does not analyse (gaps, channel status), on the kernel
     * thread, so a consumer of the outputs (risk alerts) can evaluate per tick without a thread of its own.
     *
     * @param tick the tick, valid only during the call.
     */
    default void onTickDone(final Tick tick)
    {
    }
}
