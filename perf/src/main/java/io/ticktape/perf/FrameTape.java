package io.ticktape.perf;

import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.protocol.FrameHeaderFlyweight;
import io.ticktape.protocol.sbe.MessageHeaderDecoder;
import io.ticktape.protocol.sbe.QuoteDecoder;
import io.ticktape.protocol.sbe.TradeDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recording of simulator frames, laid end to end in one buffer, that a benchmark plays in a loop.
 * <pre>
 *  buffer: | frame 0 | frame 1 | ... | frame n-1 |        offsets[i], lengths[i] locate frame i
 *  frame:  | FrameHeader (20) | header (8) + Trade or Quote block | ... 1 to 4 messages ... |
 * </pre>
 * Played again unchanged, a lap would repeat line sequence numbers (the sequencer drops them as duplicates) and
 * move exchange time backwards (the kernel counts late trades and skips their bars), so the path measured would
 * not be the live one. {@link #nextLap()} therefore moves every line sequence on by the frame count and every
 * timestamp on by the lap's span, which keeps the stream dense and in time order forever. Allocation free, and
 * at one write per field per lap its cost is spread over {@code frameCount()} frames.
 */
final class FrameTape
{
    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;
    private final int[] timeFieldOffsets;
    private final FrameHeaderFlyweight frameHeader = new FrameHeaderFlyweight();
    private final int frameCount;
    private final int messageCount;
    private final long spanNs;

    /**
     * Record frames from a simulator whose instrument definitions were already taken (see
     * {@link #feedDefinitions}), so that every frame recorded is market data.
     *
     * @param simulator  to record from.
     * @param frameCount frames to record.
     */
    FrameTape(final MarketSimulator simulator, final int frameCount)
    {
        this.frameCount = frameCount;
        buffer = new UnsafeBuffer(new byte[frameCount * MarketSimulator.maxFrameLength()]);
        offsets = new int[frameCount];
        lengths = new int[frameCount];

        int position = 0;
        for (int i = 0; i < frameCount; i++)
        {
            offsets[i] = position;
            lengths[i] = simulator.nextFrame(buffer, position);
            position += lengths[i];
        }

        final int[] timeFields = new int[frameCount * MarketSimulator.maxFrameLength()];
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        long minTimeNs = Long.MAX_VALUE;
        long maxTimeNs = Long.MIN_VALUE;
        int messages = 0;
        for (int i = 0; i < frameCount; i++)
        {
            frameHeader.wrap(buffer, offsets[i]);
            final int count = frameHeader.messageCount();
            int messageOffset = offsets[i] + FrameHeaderFlyweight.LENGTH;
            for (int m = 0; m < count; m++)
            {
                header.wrap(buffer, messageOffset);
                final int body = messageOffset + MessageHeaderDecoder.ENCODED_LENGTH;
                final int timeField = timeFieldOffset(header.templateId(), body);
                final long timeNs = buffer.getLong(timeField, ByteOrder.LITTLE_ENDIAN);
                minTimeNs = Math.min(minTimeNs, timeNs);
                maxTimeNs = Math.max(maxTimeNs, timeNs);
                timeFields[messages++] = timeField;
                messageOffset = body + header.blockLength();
            }
        }
        messageCount = messages;
        timeFieldOffsets = Arrays.copyOf(timeFields, messages);
        spanNs = maxTimeNs - minTimeNs + 1;
    }

    /**
     * Take a fresh simulator's instrument definition frames and decode them (set-up, before recording).
     *
     * @param simulator       fresh, so that its next frames are the definitions.
     * @param instrumentCount the simulator's instrument count.
     * @param decoder         decodes the definitions into the pipeline under test.
     */
    static void feedDefinitions(
        final MarketSimulator simulator, final int instrumentCount, final TicktapeFeedDecoder decoder)
    {
        feed(definitions(simulator, instrumentCount), decoder);
    }

    /**
     * The simulator's first frames, which define its instruments, taken out of it before a tape is built from the
     * frames that follow, for a decoder on another thread to be fed later ({@link #feed}).
     *
     * @param simulator       a simulator that has not generated anything yet.
     * @param instrumentCount how many instruments it defines.
     * @return the definition frames, in order.
     */
    static List<UnsafeBuffer> definitions(final MarketSimulator simulator, final int instrumentCount)
    {
        final List<UnsafeBuffer> frames = new ArrayList<>();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
        while (simulator.messagesGenerated() < instrumentCount)
        {
            final int length = simulator.nextFrame(frame, 0);
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
            copy.putBytes(0, frame, 0, length);
            frames.add(copy);
        }
        return frames;
    }

    /**
     * @param frames  to decode, in order.
     * @param decoder to decode them, stamped as received now.
     */
    static void feed(final List<UnsafeBuffer> frames, final TicktapeFeedDecoder decoder)
    {
        for (final UnsafeBuffer frame : frames)
        {
            decoder.onFrame(frame, 0, frame.capacity(), System.nanoTime());
        }
    }

    /**
     * Move the whole tape on by one lap: line sequences by {@link #frameCount()}, times by the lap's span.
     */
    void nextLap()
    {
        final UnsafeBuffer buffer = this.buffer;
        final int[] offsets = this.offsets;
        final long spanNs = this.spanNs;
        for (int i = 0; i < frameCount; i++)
        {
            final FrameHeaderFlyweight header = frameHeader.wrap(buffer, offsets[i]);
            header.lineSeq(header.lineSeq() + frameCount).sendingTimeNs(header.sendingTimeNs() + spanNs);
        }
        for (final int field : timeFieldOffsets)
        {
            buffer.putLong(field, buffer.getLong(field, ByteOrder.LITTLE_ENDIAN) + spanNs, ByteOrder.LITTLE_ENDIAN);
        }
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    int offset(final int frame)
    {
        return offsets[frame];
    }

    int length(final int frame)
    {
        return lengths[frame];
    }

    int frameCount()
    {
        return frameCount;
    }

    /**
     * @return messages on the tape, each one a tick once decoded.
     */
    int messageCount()
    {
        return messageCount;
    }

    private static int timeFieldOffset(final int templateId, final int body)
    {
        switch (templateId)
        {
            case TradeDecoder.TEMPLATE_ID:
                return body + TradeDecoder.exchangeTimeNsEncodingOffset();
            case QuoteDecoder.TEMPLATE_ID:
                return body + QuoteDecoder.exchangeTimeNsEncodingOffset();
            default:
                throw new IllegalStateException("unexpected template on a market data frame: " + templateId);
        }
    }
}
