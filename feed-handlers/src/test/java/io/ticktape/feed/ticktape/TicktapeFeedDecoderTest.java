package io.ticktape.feed.ticktape;

import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.SbeFrames;
import io.ticktape.feed.SbeFrames.TickView;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TicktapeFeedDecoderTest
{
    static final String PREFIX = "feed.test";

    private final Counters counters = new Counters();
    private final RecordingHandler handler = new RecordingHandler();
    private final TicktapeFeedDecoder decoder = new TicktapeFeedDecoder(handler, counters, PREFIX);

    @Test
    void shouldDeliverSameTicksAsGeneratedDecodersWhenFramesComeFromSimulator()
    {
        final MarketSimulator simulator = new MarketSimulator(99, 12, 1_000_000, 4, MarketSimulator.DEFAULT_START_NS);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
        final List<TickView> expected = new ArrayList<>();
        final List<long[]> expectedFrames = new ArrayList<>();
        long delivered = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] frame = Arrays.copyOf(scratch.byteArray(), simulator.nextFrame(scratch, 0));
            final long receiveNs = 1_000L * i;
            expected.addAll(SbeFrames.decode(frame, receiveNs));
            final SbeFrames.FrameView header = SbeFrames.header(frame);
            expectedFrames.add(new long[] { header.channelId(), header.lineSeq(), header.sendingTimeNs(), receiveNs });

            delivered += decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, receiveNs);
        }

        assertThat(handler.ticks).containsExactlyElementsOf(expected);
        assertThat(handler.frames).hasSize(expectedFrames.size());
        for (int i = 0; i < expectedFrames.size(); i++)
        {
            assertThat(handler.frames.get(i)).isEqualTo(expectedFrames.get(i));
        }
        assertThat(delivered).isEqualTo(expected.size());
        assertThat(counter("frames")).isEqualTo(20_000);
        assertThat(counter("messages")).isEqualTo(expected.size());
        assertNoMalformed();
    }

    @Test
    void shouldReadOnlyItsOwnBytesWhenFrameSitsInsideLargerBuffer()
    {
        final byte[] frame = new SbeFrames.Builder(2, 10, 100)
            .trade(1, 100, -5, 3, 1).quote(2, 101, -10, 1, 10, 2).build();
        // A valid message (not a frame) right after the frame's last byte.
        final byte[] nextFrame = new SbeFrames.Builder(2, 11, 100).trade(3, 102, 7, 1, 2).build();
        final byte[] next = Arrays.copyOfRange(nextFrame, SbeFrames.FRAME_HEADER, nextFrame.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[13 + frame.length + next.length]);
        buffer.putBytes(13, frame);
        buffer.putBytes(13 + frame.length, next);

        assertThat(decoder.onFrame(buffer, 13, frame.length, 5)).isEqualTo(2);
        assertThat(handler.ticks).containsExactlyElementsOf(SbeFrames.decode(frame, 5));
        assertNoMalformed();

        // The same frame declaring three messages: the third must not be read from the bytes after it.
        buffer.putShort(13 + 18, (short)3, java.nio.ByteOrder.LITTLE_ENDIAN);
        handler.ticks.clear();
        assertThat(decoder.onFrame(buffer, 13, frame.length, 5)).isEqualTo(2);
        assertThat(handler.ticks).hasSize(2);
        assertThat(counter("malformed.truncated")).isEqualTo(1);
    }

    @Test
    void shouldDeliverOnlyWholeMessagesWhenFrameIsCutAtEveryLength()
    {
        final byte[] frame = new SbeFrames.Builder(1, 77, 1000)
            .definition(5, -2, 25, "ESZ6").trade(5, 1000, -125, 2, 9).quote(5, 1001, -150, 10, -100, 20)
            .trade(5, 1002, 50, 1, 10).build();
        final List<TickView> all = SbeFrames.decode(frame, 3);
        final int[] messageEnds = messageEnds(frame);

        for (int length = 0; length < frame.length; length++)
        {
            final Counters counters = new Counters();
            final RecordingHandler handler = new RecordingHandler();
            final TicktapeFeedDecoder decoder = new TicktapeFeedDecoder(handler, counters, PREFIX);
            final byte[] prefix = Arrays.copyOf(frame, length);

            final int delivered = decoder.onFrame(new UnsafeBuffer(prefix), 0, length, 3);

            int whole = 0;
            while (whole < messageEnds.length && messageEnds[whole] <= length)
            {
                whole++;
            }
            if (length < SbeFrames.FRAME_HEADER)
            {
                whole = 0;
                assertThat(handler.frames).as("length %d", length).isEmpty();
                assertThat(counters.value(PREFIX + ".frames")).isZero();
            }
            else
            {
                assertThat(handler.frames).as("length %d", length).hasSize(1);
                assertThat(counters.value(PREFIX + ".frames")).isEqualTo(1);
            }
            assertThat(delivered).as("length %d", length).isEqualTo(whole);
            assertThat(handler.ticks).as("length %d", length).containsExactlyElementsOf(all.subList(0, whole));
            assertThat(counters.value(PREFIX + ".malformed.truncated")).as("length %d", length).isEqualTo(1);
        }
    }

    @Test
    void shouldStopAtMessageWhenBlockLengthPointsPastFrame()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0)
            .trade(1, 10, 100, 1, 1).trade(1, 11, 101, 1, 2).lastBlockLength(200).build();

        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isEqualTo(1);

        assertThat(handler.ticks).extracting(TickView::price).containsExactly(100L);
        assertThat(counter("malformed.truncated")).isEqualTo(1);
        assertThat(counter("messages")).isEqualTo(1);
    }

    @Test
    void shouldSkipRestOfFrameWhenSchemaIsForeign()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0)
            .trade(1, 10, 100, 1, 1).raw(37, 2, 1234, 1, 37).trade(1, 12, 102, 1, 3).build();

        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isEqualTo(1);

        assertThat(handler.ticks).extracting(TickView::price).containsExactly(100L);
        assertThat(counter("malformed.foreign_schema")).isEqualTo(1);
        assertThat(counter("malformed.truncated")).isZero();
    }

    @Test
    void shouldDeliverNextMessageWhenTemplateIsUnknown()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0)
            .raw(13, 99, SbeFrames.SCHEMA_ID, 1, 13).trade(1, 10, -100, 4, 1)
            .raw(0, 65535, SbeFrames.SCHEMA_ID, 7, 0).quote(1, 11, -3, 1, -2, 1).build();

        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isEqualTo(2);

        assertThat(handler.ticks).containsExactlyElementsOf(SbeFrames.decode(frame, 0));
        assertThat(handler.ticks).extracting(TickView::type).containsExactly(TickType.TRADE, TickType.QUOTE);
        assertThat(counter("malformed.unknown_template")).isEqualTo(2);
        assertThat(counter("messages")).isEqualTo(2);
        assertThat(counter("malformed.truncated") + counter("malformed.foreign_schema") +
            counter("malformed.bad_block_length")).isZero();
    }

    @Test
    void shouldCountTruncationWhenMessageCountExceedsMessages()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0)
            .trade(1, 10, 100, 1, 1).quote(1, 11, 99, 1, 101, 1).messageCount(5).build();

        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isEqualTo(2);

        assertThat(handler.ticks).extracting(TickView::type).containsExactly(TickType.TRADE, TickType.QUOTE);
        assertThat(counter("malformed.truncated")).isEqualTo(1);
    }

    @Test
    void shouldDeliverOnlyDeclaredMessagesWhenMessageCountIsSmaller()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0)
            .trade(1, 10, 100, 1, 1).trade(1, 11, 101, 1, 2).trade(1, 12, 102, 1, 3).messageCount(2).build();

        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isEqualTo(2);
        assertThat(handler.ticks).extracting(TickView::price).containsExactly(100L, 101L);
    }

    @Test
    void shouldSkipRestOfFrameWhenBlockShorterThanTemplate()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0)
            .trade(1, 10, 100, 1, 1).raw(20, 2, SbeFrames.SCHEMA_ID, 1, 20).quote(1, 11, 99, 1, 101, 1).build();
        final byte[] shortQuote = new SbeFrames.Builder(1, 2, 0).raw(43, 3, SbeFrames.SCHEMA_ID, 1, 43).build();
        final byte[] shortDefinition = new SbeFrames.Builder(1, 3, 0).raw(28, 1, SbeFrames.SCHEMA_ID, 1, 28).build();

        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isEqualTo(1);
        assertThat(decoder.onFrame(new UnsafeBuffer(shortQuote), 0, shortQuote.length, 0)).isZero();
        assertThat(decoder.onFrame(new UnsafeBuffer(shortDefinition), 0, shortDefinition.length, 0)).isZero();

        assertThat(handler.ticks).extracting(TickView::price).containsExactly(100L);
        assertThat(counter("malformed.bad_block_length")).isEqualTo(3);
    }

    @Test
    void shouldReadOwnFieldsWhenBlockIsLongerThanTemplate()
    {
        // A newer version with a field appended: its block is longer; the next message is found by block length.
        final byte[] base = new SbeFrames.Builder(1, 1, 0).trade(3, 10, -77, 5, 8).build();
        final byte[] extended = new byte[base.length + 6];
        System.arraycopy(base, 0, extended, 0, base.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(extended);
        buffer.putShort(SbeFrames.FRAME_HEADER, (short)(37 + 6), java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(SbeFrames.FRAME_HEADER + 6, (short)2, java.nio.ByteOrder.LITTLE_ENDIAN);
        final byte[] next = new SbeFrames.Builder(1, 1, 0).quote(3, 11, 1, 2, 3, 4).build();
        final byte[] frame = Arrays.copyOf(extended, extended.length + next.length - SbeFrames.FRAME_HEADER);
        System.arraycopy(next, SbeFrames.FRAME_HEADER, frame, extended.length, next.length - SbeFrames.FRAME_HEADER);
        new UnsafeBuffer(frame).putShort(18, (short)2, java.nio.ByteOrder.LITTLE_ENDIAN);

        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isEqualTo(2);

        assertThat(handler.ticks).containsExactlyElementsOf(SbeFrames.decode(frame, 0));
        assertThat(handler.ticks.get(0).price()).isEqualTo(-77);
        assertThat(handler.ticks.get(1).askSize()).isEqualTo(4);
        assertNoMalformed();
    }

    @Test
    void shouldCountHeartbeatWithoutDeliveringWhenBetweenTrades()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0)
            .trade(1, 10, 100, 1, 1).heartbeat(11).trade(1, 12, 102, 1, 2).build();

        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isEqualTo(2);

        assertThat(handler.ticks).extracting(TickView::price).containsExactly(100L, 102L);
        assertThat(counter("heartbeats")).isEqualTo(1);
        assertThat(counter("messages")).isEqualTo(2);
        assertNoMalformed();
    }

    @Test
    void shouldDeliverNothingWhenHandlerRejectsFrame()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0).trade(1, 10, 100, 1, 1).build();
        handler.accept = false;

        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isZero();

        assertThat(handler.frames).hasSize(1);
        assertThat(handler.ticks).isEmpty();
    }

    @Test
    void shouldDeliverNothingWhenFrameHasNoMessages()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0).build();
        assertThat(decoder.onFrame(new UnsafeBuffer(frame), 0, frame.length, 0)).isZero();
        assertThat(handler.frames).hasSize(1);
        assertNoMalformed();
    }

    @Test
    void shouldCountTruncationWhenOffsetOrLengthOutsideBuffer()
    {
        final byte[] frame = new SbeFrames.Builder(1, 1, 0).trade(1, 10, 100, 1, 1).build();
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);

        assertThat(decoder.onFrame(buffer, 1, frame.length, 0)).isZero();
        assertThat(decoder.onFrame(buffer, -1, frame.length, 0)).isZero();
        assertThat(decoder.onFrame(buffer, 0, -5, 0)).isZero();
        assertThat(decoder.onFrame(buffer, frame.length, 20, 0)).isZero();

        assertThat(handler.frames).isEmpty();
        assertThat(counter("malformed.truncated")).isEqualTo(4);
        assertThat(counter("frames")).isZero();
    }

    private long counter(final String name)
    {
        return counters.value(PREFIX + "." + name);
    }

    private void assertNoMalformed()
    {
        assertThat(counter("malformed.truncated")).isZero();
        assertThat(counter("malformed.foreign_schema")).isZero();
        assertThat(counter("malformed.unknown_template")).isZero();
        assertThat(counter("malformed.bad_block_length")).isZero();
    }

    /** End offsets of each message of a well-formed frame, walking declared block lengths. */
    private static int[] messageEnds(final byte[] frame)
    {
        final int count = SbeFrames.header(frame).messageCount();
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final int[] ends = new int[count];
        int position = SbeFrames.FRAME_HEADER;
        for (int i = 0; i < count; i++)
        {
            position += SbeFrames.MESSAGE_HEADER + (buffer.getShort(position, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
            ends[i] = position;
        }
        return ends;
    }

    /**
     * Records what the decoder hands over, copying each tick into a value.
     */
    static final class RecordingHandler implements MarketDataHandler
    {
        final List<long[]> frames = new ArrayList<>();
        final List<TickView> ticks = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        boolean accept = true;

        @Override
        public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
        {
            frames.add(new long[] { channelId, lineSeq, sendingTimeNs, receiveNs });
            return accept;
        }

        @Override
        public void onTick(final Tick tick)
        {
            types.add(tick.type);
            if (tick.type == TickType.TRADE || tick.type == TickType.QUOTE || tick.type == TickType.INSTRUMENT)
            {
                ticks.add(TickView.of(tick));
            }
        }
    }
}
