package io.ticktape.alerts;

import org.agrona.DirectBuffer;

/**
 * Where evaluators hand encoded {@code AlertEvent}s (the delivery inbox in the engine, a recorder in tests).
 */
@FunctionalInterface
public interface AlertOutput
{
    /**
     * @param buffer holding the message, header included; reused after the call.
     * @param offset of its message header.
     * @param length of the message.
     */
    void onAlert(DirectBuffer buffer, int offset, int length);
}
