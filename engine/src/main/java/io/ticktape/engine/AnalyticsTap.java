package io.ticktape.engine;

import io.ticktape.kernel.AnalyticsSink;
import io.ticktape.protocol.sbe.BarDecoder;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteBuffer;

/**
 * Passes the kernel's outputs on to their sink (the analytics publication) and copies the few that a dashboard
 * draws, bars, into a one-to-one ring for a reader thread, once one has started reading. Reading the template id is all a message pays that is
 * not copied; a full ring drops the copy and counts it ({@code dashboard.bars_dropped}), the kernel never waits.
 */
final class AnalyticsTap implements AnalyticsSink
{
    private static final int TEMPLATE_ID_OFFSET = 2;
    private static final int SCHEMA_ID_OFFSET = 4;

    private final AnalyticsSink delegate;
    private final OneToOneRingBuffer bars;
    private final AtomicCounter dropped;
    private volatile boolean reading;

    AnalyticsTap(
        final AnalyticsSink delegate, final int capacityBytes, final AtomicCounter dropped, final boolean readerExpected)
    {
        this.reading = readerExpected;
        this.delegate = delegate;
        this.bars = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.dropped = dropped;
    }

    @Override
    public void onAnalytics(final DirectBuffer buffer, final int offset, final int length)
    {
        delegate.onAnalytics(buffer, offset, length);
        // Unless a reader is expected (dashboard configured), nothing is copied until one has come: no full ring.
        if (reading && length >= MessageHeaderDecoder.ENCODED_LENGTH &&
            buffer.getShort(offset + TEMPLATE_ID_OFFSET, MessageHeaderDecoder.BYTE_ORDER) == BarDecoder.TEMPLATE_ID &&
            buffer.getShort(offset + SCHEMA_ID_OFFSET, MessageHeaderDecoder.BYTE_ORDER) == BarDecoder.SCHEMA_ID &&
            !bars.write(BarDecoder.TEMPLATE_ID, buffer, offset, length))
        {
            dropped.incrementRelease();
        }
    }

    /**
     * Read copied bars (one reader thread).
     *
     * @param handler gets each message (header included).
     * @param limit   most messages.
     * @return messages read.
     */
    int drainBars(final MessageHandler handler, final int limit)
    {
        reading = true;
        return bars.read(handler, limit);
    }
}
