package io.ticktape.protocol;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class FrameHeaderFlyweightTest
{
    @Test
    void shouldReadWhatWasWrittenWhenWrappedAtOffset()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        new FrameHeaderFlyweight().wrap(buffer, 13)
            .lineSeq(42).sendingTimeNs(-7).channelId(3).messageCount(4);

        final FrameHeaderFlyweight reader = new FrameHeaderFlyweight().wrap((org.agrona.DirectBuffer)buffer, 13);
        assertThat(reader.lineSeq()).isEqualTo(42);
        assertThat(reader.sendingTimeNs()).isEqualTo(-7);
        assertThat(reader.channelId()).isEqualTo(3);
        assertThat(reader.messageCount()).isEqualTo(4);
        // Nothing outside the 20 header bytes is touched.
        for (int i = 0; i < 64; i++)
        {
            if (i < 13 || i >= 13 + FrameHeaderFlyweight.LENGTH)
            {
                assertThat(buffer.getByte(i)).as("byte %d", i).isZero();
            }
        }
    }

    @Test
    void shouldReadUnsignedWhenTopBitsSet()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[FrameHeaderFlyweight.LENGTH]);
        new FrameHeaderFlyweight().wrap(buffer, 0).lineSeq(-1).channelId(0xFFFF).messageCount(0x8001);

        final FrameHeaderFlyweight reader = new FrameHeaderFlyweight().wrap(buffer, 0);
        assertThat(reader.lineSeq()).isEqualTo(-1L);
        assertThat(reader.channelId()).isEqualTo(0xFFFF);
        assertThat(reader.messageCount()).isEqualTo(0x8001);
    }

    @Property(tries = 300)
    void shouldMatchDocumentedLittleEndianLayoutWhenWritten(
        @ForAll final long lineSeq,
        @ForAll final long sendingTimeNs,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int channelId,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int messageCount,
        @ForAll @IntRange(min = 0, max = 40) final int offset)
    {
        final byte[] bytes = new byte[offset + FrameHeaderFlyweight.LENGTH];
        new FrameHeaderFlyweight().wrap(new UnsafeBuffer(bytes), offset)
            .lineSeq(lineSeq).sendingTimeNs(sendingTimeNs).channelId(channelId).messageCount(messageCount);

        final ByteBuffer reference = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(reference.getLong(offset)).isEqualTo(lineSeq);
        assertThat(reference.getLong(offset + 8)).isEqualTo(sendingTimeNs);
        assertThat(reference.getShort(offset + 16) & 0xFFFF).isEqualTo(channelId);
        assertThat(reference.getShort(offset + 18) & 0xFFFF).isEqualTo(messageCount);

        final FrameHeaderFlyweight reader = new FrameHeaderFlyweight().wrap(new UnsafeBuffer(bytes), offset);
        assertThat(reader.lineSeq()).isEqualTo(lineSeq);
        assertThat(reader.sendingTimeNs()).isEqualTo(sendingTimeNs);
        assertThat(reader.channelId()).isEqualTo(channelId);
        assertThat(reader.messageCount()).isEqualTo(messageCount);
    }
}
