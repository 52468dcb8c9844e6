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
 * The term offset and term id of every frame are stamped just before the offer, as they are known only then; a block
 * that does not fit in what is left of the term goes out in the part that fits, and the message at the very end of a
 * term through a plain offer, which pads the term and rotates to the next.
 * <p>
 * Non-blocking: {@link #flush()} offers what it can and keeps the rest for the next call. One thread only.
 */
public final class FrameBlockPublisher
{
    /** Default block size. */
    public static final int DEFAULT_BLOCK_BYTES = 128 * 1024;
    private static final int MAX_FRAMES_PER_BYTE = FrameDescriptor.FRAME_ALIGNMENT;

    private final ExclusivePublication publication;
    private final UnsafeBuffer block;
    private final int[] frameOffsets;
    private final int maxPayloadLength;
    private final long headerWord0;
    private final long headerWord1;
    private final long headerWord2;
    private int frameCount;
    private int firstPending;
    private int limit;
    private long published;

    /**
     * @param publication to offer to.
     * @param blockBytes  block capacity; a power of two is not required.
     */
    public FrameBlockPublisher(final ExclusivePublication publication, final int blockBytes)
    {
        this.publication = publication;
        this.block = new UnsafeBuffer(new byte[blockBytes]);
        this.frameOffsets = new int[blockBytes / MAX_FRAMES_PER_BYTE + 1];
        this.maxPayloadLength = publication.maxPayloadLength();
        this.headerWord0 = ((long)(HeaderFlyweight.CURRENT_VERSION & 0xFF) << 32) |
            ((long)(DataHeaderFlyweight.BEGIN_AND_END_FLAGS & 0xFF) << 40) |
            ((long)(HeaderFlyweight.HDR_TYPE_DATA & 0xFFFF) << 48);
        this.headerWord1 = (long)publication.sessionId() << 32;
        this.headerWord2 = publication.streamId() & 0xFFFF_FFFFL;
    }

    /**
     * @return bytes still free in the block.
     */
    public int freeBytes()
    {
        return isEmpty() ? block.capacity() : block.capacity() - limit;
    }

    /**
     * @return true if nothing is waiting to be offered.
     */
    public boolean isEmpty()
    {
        return firstPending == frameCount;
    }

    /**
     * Frame a message into the block.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message, at most the publication's max payload.
     * @return the offset of the message in {@link #block()} (e.g. to stamp a field), or -1 if the block is full.
     */
    public int append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > maxPayloadLength)
        {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds max payload " + maxPayloadLength);
        }
        final int frameLength = DataHeaderFlyweight.HEADER_LENGTH + length;
        final int alignedLength = BitUtil.align(frameLength, FrameDescriptor.FRAME_ALIGNMENT);
        if (limit + alignedLength > block.capacity())
        {
            return -1;
        }
        if (isEmpty())
        {
            frameCount = 0;
            firstPending = 0;
            limit = 0;
        }
        final int frameOffset = limit;
        // The 32-byte header as four longs (little-endian, as Aeron lays it out): frame length, version, flags,
        // type | term offset (stamped at the offer), session id | stream id, term id (stamped) | reserved value.
        block.putLong(frameOffset, (frameLength & 0xFFFF_FFFFL) | headerWord0, ByteOrder.LITTLE_ENDIAN);
        block.putLong(frameOffset + DataHeaderFlyweight.TERM_OFFSET_FIELD_OFFSET, headerWord1, ByteOrder.LITTLE_ENDIAN);
        block.putLong(frameOffset + DataHeaderFlyweight.STREAM_ID_FIELD_OFFSET, headerWord2, ByteOrder.LITTLE_ENDIAN);
        block.putLong(frameOffset + DataHeaderFlyweight.RESERVED_VALUE_OFFSET, 0L, ByteOrder.LITTLE_ENDIAN);
        block.putBytes(frameOffset + DataHeaderFlyweight.HEADER_LENGTH, buffer, offset, length);
        frameOffsets[frameCount++] = frameOffset;
        limit = frameOffset + alignedLength;
        return frameOffset + DataHeaderFlyweight.HEADER_LENGTH;
    }

    /**
     * @return the block, for {@link #append}'s returned offsets.
     */
    public UnsafeBuffer block()
    {
        return block;
    }

    /**
     * Offer what is pending, as far as the publication takes it now.
     *
     * @return the last offer's result: positive once everything went out, otherwise
     * {@link Publication#NOT_CONNECTED}, {@link Publication#BACK_PRESSURED} or {@link Publication#ADMIN_ACTION}
     * (call again later).
     * @throws AeronException for a closed publication or one past its maximum position.
     */
    public long flush()
    {
        long result = 1;
        while (firstPending < frameCount)
        {
            final int termOffset = publication.termOffset();
            final int termRemaining = publication.termBufferLength() - termOffset;
            final int start = frameOffsets[firstPending];
            int end = firstPending;
            int endOffset = start;
            while (end < frameCount)
            {
                final int next = end + 1 < frameCount ? frameOffsets[end + 1] : limit;
                if (next - start > termRemaining)
                {
                    break;
                }
                endOffset = next;
                end++;
            }

            if (end == firstPending)
            {
                // Not even one frame fits before the end of the term: a plain offer pads it and rotates.
                final int frameLength = block.getInt(start, ByteOrder.LITTLE_ENDIAN);
                result = publication.offer(
                    block, start + DataHeaderFlyweight.HEADER_LENGTH, frameLength - DataHeaderFlyweight.HEADER_LENGTH);
                if (result > 0)
                {
                    firstPending++;
                    published++;
                    continue;
                }
            }
            else
            {
                final int termId = publication.termId();
                for (int i = firstPending; i < end; i++)
                {
                    final int frameOffset = frameOffsets[i];
                    block.putInt(frameOffset + DataHeaderFlyweight.TERM_OFFSET_FIELD_OFFSET,
                        termOffset + frameOffset - start, ByteOrder.LITTLE_ENDIAN);
                    block.putInt(frameOffset + DataHeaderFlyweight.TERM_ID_FIELD_OFFSET, termId,
                        ByteOrder.LITTLE_ENDIAN);
                }
                result = publication.offerBlock(block, start, endOffset - start);
                if (result > 0)
                {
                    published += end - firstPending;
                    firstPending = end;
                    continue;
                }
            }

            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new AeronException("replay publication " + Publication.errorString(result));
            }
            return result;
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
        firstPending = 0;
        limit = 0;
    }

    /**
     * @return the publication.
     */
    public ExclusivePublication publication()
    {
        return publication;
    }
}
