package io.ticktape.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the header of a frame (packet) of Ticktape's input feed. The SBE messages of the frame follow it.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      lineSeq (uint64)                         |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                sendingTimeNs (int64, epoch ns)                |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       channelId (uint16)      |     messageCount (uint16)     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Little-endian, like the SBE messages after it. The line sequence counts frames on the channel, as CME's
 * MsgSeqNum does.
 */
public final class FrameHeaderFlyweight
{
    /** Bytes in the header. */
    public static final int LENGTH = 20;
    private static final int LINE_SEQ_OFFSET = 0;
    private static final int SENDING_TIME_OFFSET = 8;
    private static final int CHANNEL_ID_OFFSET = 16;
    private static final int MESSAGE_COUNT_OFFSET = 18;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutableBuffer;
    private int offset;

    /**
     * Wrap a header for reading.
     *
     * @param buffer holding the frame.
     * @param offset where the frame starts.
     * @return this.
     */
    public FrameHeaderFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = null;
        this.offset = offset;
        return this;
    }

    /**
     * Wrap a header for writing.
     *
     * @param buffer to write the frame into.
     * @param offset where the frame starts.
     * @return this.
     */
    public FrameHeaderFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @return the frame's sequence number on its channel.
     */
    public long lineSeq()
    {
        return buffer.getLong(offset + LINE_SEQ_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param value the frame's sequence number on its channel.
     * @return this.
     */
    public FrameHeaderFlyweight lineSeq(final long value)
    {
        mutableBuffer.putLong(offset + LINE_SEQ_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return exchange send time, epoch ns.
     */
    public long sendingTimeNs()
    {
        return buffer.getLong(offset + SENDING_TIME_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param value exchange send time, epoch ns.
     * @return this.
     */
    public FrameHeaderFlyweight sendingTimeNs(final long value)
    {
        mutableBuffer.putLong(offset + SENDING_TIME_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return channel the frame belongs to.
     */
    public int channelId()
    {
        return buffer.getShort(offset + CHANNEL_ID_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param value channel the frame belongs to.
     * @return this.
     */
    public FrameHeaderFlyweight channelId(final int value)
    {
        mutableBuffer.putShort(offset + CHANNEL_ID_OFFSET, (short)value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return number of SBE messages after the header.
     */
    public int messageCount()
    {
        return buffer.getShort(offset + MESSAGE_COUNT_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param value number of SBE messages after the header.
     * @return this.
     */
    public FrameHeaderFlyweight messageCount(final int value)
    {
        mutableBuffer.putShort(offset + MESSAGE_COUNT_OFFSET, (short)value, LITTLE_ENDIAN);
        return this;
    }
}
