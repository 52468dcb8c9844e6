package io.ticktape.replay;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import io.aeron.protocol.HeaderFlyweight;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Publishes many small messages with one {@link ExclusivePublication#offerBlock}: messages are laid out as ready
 * Aeron data frames (header, message, padding to the frame alignment) in a block, and the block is copied into the
 * term in one go, so a subscriber still sees one fragment per message but the publisher pays one offer per block.
 * <pre>
 *  block: | frame header (32) | message | pad | frame header (32) | message | pad | ...
 * </pre>
 * Every header is complete when its message is appended: the publication is exclusive and only this class offers to
 * it, so the term offset and term id the block will land at are known when the block is started, and a block never
 * runs past the end of the term it starts in (an append that would is refused, as for a full block). A message that
 * does not fit in what is left of the term at all goes alone, through a plain offer, which pads the term and rotates
 * to the next.
 * <p>
 * Non-blocking: {@link #flush()} offers the block if the publication takes it now, or keeps it, unchanged and still
 * valid, for the next call. One thread only.
 */
public final class FrameBlockPublisher
{
    /** Default block size. */
    public static final int DEFAULT_BLOCK_BYTES = 128 * 1024;

    private final ExclusivePublication publication;
    private final UnsafeBuffer block;
    private final int capacity;
    private final int termLength;
    private final int maxPayloadLength;
    private final long headerWord0;
    private final int sessionId;
    private final int streamId;
    private int frameCount;
    private int limit;
    private int blockTermOffset;
    private long termIdWord;
    private boolean alone;
    private long published;

    /**
     * @param publication to offer to; nothing else may offer to it.
     * @param blockBytes  block capacity; a power of two is not required.
     */
    public FrameBlockPublisher(final ExclusivePublication publication, final int blockBytes)
    {
        this.publication = publication;
        this.block = new UnsafeBuffer(new byte[blockBytes]);
        this.capacity = blockBytes;
        this.termLength = publication.termBufferLength();
        this.maxPayloadLength = publication.maxPayloadLength();
        this.headerWord0 = ((long)(HeaderFlyweight.CURRENT_VERSION & 0xFF) << 32) |
            ((long)(DataHeaderFlyweight.BEGIN_AND_END_FLAGS & 0xFF) << 40) |
            ((long)(HeaderFlyweight.HDR_TYPE_DATA & 0xFFFF) << 48);
        this.sessionId = publication.sessionId();
        this.streamId = publication.streamId();
    }

    /**
     * @return bytes still free for appends to the current block; all of it when nothing is pending.
     */
    public int freeBytes()
    {
        if (isEmpty())
        {
            return capacity;
        }
        return alone ? 0 : Math.min(capacity - limit, termLength - blockTermOffset - limit);
    }

    /**
     * @return true if nothing is waiting to be offered.
     */
    public boolean isEmpty()
    {
        return 0 == frameCount;
    }

    /**
     * Frame a message into the block.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message, at most the publication's max payload.
     * @return the offset of the message in {@link #block()} (e.g. to stamp a field), or -1 if the block is full (or
     * reaches the end of the term): {@link #flush()} it first.
     */
    public int append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > maxPayloadLength)
        {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds max payload " + maxPayloadLength);
        }
        final int frameLength = DataHeaderFlyweight.HEADER_LENGTH + length;
        final int alignedLength = BitUtil.align(frameLength, FrameDescriptor.FRAME_ALIGNMENT);
        if (0 == frameCount)
        {
            start(alignedLength);
        }
        else if (alone || limit + alignedLength > capacity || blockTermOffset + limit + alignedLength > termLength)
        {
            return -1;
        }
        final int frameOffset = limit;
        // The 32-byte header as four longs (little-endian, as Aeron lays it out): frame length, version, flags,
        // type | term offset, session id | stream id, term id | reserved value.
        block.putLong(frameOffset, (frameLength & 0xFFFF_FFFFL) | headerWord0, ByteOrder.LITTLE_ENDIAN);
        block.putLong(frameOffset + DataHeaderFlyweight.TERM_OFFSET_FIELD_OFFSET,
            ((long)sessionId << 32) | ((blockTermOffset + frameOffset) & 0xFFFF_FFFFL), ByteOrder.LITTLE_ENDIAN);
        block.putLong(frameOffset + DataHeaderFlyweight.STREAM_ID_FIELD_OFFSET, termIdWord, ByteOrder.LITTLE_ENDIAN);
        block.putLong(frameOffset + DataHeaderFlyweight.RESERVED_VALUE_OFFSET, 0L, ByteOrder.LITTLE_ENDIAN);
        block.putBytes(frameOffset + DataHeaderFlyweight.HEADER_LENGTH, buffer, offset, length);
        frameCount++;
        limit = frameOffset + alignedLength;
        return frameOffset + DataHeaderFlyweight.HEADER_LENGTH;
    }

    private void start(final int alignedLength)
    {
        int termOffset = publication.termOffset();
        int termId = publication.termId();
        if (termOffset >= termLength)
        {
            // The last block filled the term exactly: the next offer rotates first.
            termOffset = 0;
            termId++;
        }
        blockTermOffset = termOffset;
        termIdWord = ((long)termId << 32) | (streamId & 0xFFFF_FFFFL);
        alone = termOffset + alignedLength > termLength;
        limit = 0;
    }

    /**
     * @return the block, for {@link #append}'s returned offsets.
     */
    public UnsafeBuffer block()
    {
        return block;
    }

    /**
     * Offer what is pending, if the publication takes it now.
     *
     * @return positive once everything went out (or nothing was pending), otherwise {@link Publication#NOT_CONNECTED},
     * {@link Publication#BACK_PRESSURED} or {@link Publication#ADMIN_ACTION} (call again later).
     * @throws AeronException for a closed publication or one past its maximum position.
     */
    public long flush()
    {
        if (0 == frameCount)
        {
            return 1;
        }
        final long result = alone ?
            publication.offer(block, DataHeaderFlyweight.HEADER_LENGTH,
                block.getInt(0, ByteOrder.LITTLE_ENDIAN) - DataHeaderFlyweight.HEADER_LENGTH) :
            publication.offerBlock(block, 0, limit);
        if (result > 0)
        {
            published += frameCount;
            clear();
        }
        else if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
        {
            throw new AeronException("replay publication " + Publication.errorString(result));
        }
        return result;
    }

    /**
     * @return messages offered successfully so far.
     */
    public long published()
    {
        return published;
    }

    /**
     * Forget what is pending (a seek: the old position's messages are no longer wanted).
     */
    public void clear()
    {
        frameCount = 0;
        limit = 0;
        alone = false;
    }

    /**
     * @return the publication.
     */
    public ExclusivePublication publication()
    {
        return publication;
    }
}
