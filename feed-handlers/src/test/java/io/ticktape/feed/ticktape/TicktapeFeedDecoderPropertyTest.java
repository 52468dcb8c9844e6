package io.ticktape.feed.ticktape;

import io.ticktape.feed.SbeFrames;
import io.ticktape.feed.SbeFrames.TickView;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoderTest.RecordingHandler;
import io.ticktape.protocol.sbe.HeartbeatEncoder;
import io.ticktape.protocol.sbe.InstrumentDefinitionEncoder;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.QuoteEncoder;
import io.ticktape.protocol.sbe.Side;
import io.ticktape.protocol.sbe.TradeEncoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.TickType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder against hostile input: arbitrary bytes and damaged frames must never throw, must always move a
 * counter, and may only hand over ticks of a valid type; frames built from known parts must give exactly the ticks
 * and counters that the documented rules predict.
 */
class TicktapeFeedDecoderPropertyTest
{
    private static final String PREFIX = TicktapeFeedDecoderTest.PREFIX;
    private static final String[] COUNTERS = {
        "frames", "messages", "heartbeats", "malformed.truncated", "malformed.foreign_schema",
        "malformed.unknown_template", "malformed.bad_block_length",
    };

    private static final int TRADE = 0;
    private static final int QUOTE = 1;
    private static final int DEFINITION = 2;
    private static final int HEARTBEAT = 3;
    private static final int UNKNOWN = 4;
    private static final int FOREIGN = 5;
    private static final int SHORT_BLOCK = 6;
    private static final int EXTENDED_TRADE = 7;

    @Property(tries = 3000)
    void shouldNeverThrowAndAlwaysCountWhenBytesAreGarbage(
        @ForAll @Size(max = 300) final byte[] bytes,
        @ForAll @IntRange(min = 0, max = 16) final int offset)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + bytes.length]);
        buffer.putBytes(offset, bytes);
        checkInvariants(buffer, offset, bytes.length);
    }

    @Property(tries = 3000)
    void shouldNeverThrowAndAlwaysCountWhenValidFrameIsDamaged(
        @ForAll @IntRange(min = 0, max = 2000) final int frameIndex,
        @ForAll @Size(min = 1, max = 6) final List<@IntRange(min = 0, max = 10_000) Integer> positions,
        @ForAll @Size(min = 6, max = 6) final byte[] values,
        @ForAll @IntRange(min = 0, max = 100) final int cutPercent)
    {
        final byte[] frame = simulatorFrame(frameIndex);
        for (int i = 0; i < positions.size(); i++)
        {
            frame[positions.get(i) % frame.length] = values[i];
        }
        final int length = cutPercent >= 50 ? frame.length : frame.length * cutPercent / 50;
        checkInvariants(new UnsafeBuffer(Arrays.copyOf(frame, length)), 0, length);
    }

    @Property(tries = 2000)
    void shouldMatchDocumentedRulesWhenFrameIsBuiltFromKnownParts(
        @ForAll @Size(max = 8) final List<@From("messages") Msg> messages,
        @ForAll @IntRange(min = -2, max = 3) final int extraDeclared,
        @ForAll @IntRange(min = 0, max = 100) final int cutPercent,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int channelId,
        @ForAll final long lineSeq)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final int[] starts = new int[messages.size()];
        final int[] blocks = new int[messages.size()];
        int position = SbeFrames.FRAME_HEADER;
        for (int i = 0; i < messages.size(); i++)
        {
            starts[i] = position;
            blocks[i] = encode(messages.get(i), buffer, position, header);
            position += SbeFrames.MESSAGE_HEADER + blocks[i];
        }
        final int frameLength = position;
        final int declared = Math.max(0, messages.size() + extraDeclared);
        buffer.putLong(0, lineSeq, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(8, 123, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(16, (short)channelId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(18, (short)declared, ByteOrder.LITTLE_ENDIAN);
        final int length = cutPercent >= 60 ? frameLength : frameLength * cutPercent / 60;

        // What the class documentation promises, computed from how the frame was built.
        final long[] expectedCounters = new long[COUNTERS.length];
        final List<TickView> expectedTicks = new ArrayList<>();
        if (length < SbeFrames.FRAME_HEADER)
        {
            expectedCounters[3]++;
        }
        else
        {
            expectedCounters[0]++;
            int at = SbeFrames.FRAME_HEADER;
            for (int i = 0; i < declared; i++)
            {
                if (i >= messages.size() || at + SbeFrames.MESSAGE_HEADER + blocks[i] > length)
                {
                    expectedCounters[3]++;
                    break;
                }
                final Msg msg = messages.get(i);
                if (msg.kind == FOREIGN)
                {
                    expectedCounters[4]++;
                    break;
                }
                if (msg.kind == SHORT_BLOCK)
                {
                    expectedCounters[6]++;
                    break;
                }
                if (msg.kind == HEARTBEAT)
                {
                    expectedCounters[2]++;
                }
                else if (msg.kind == UNKNOWN)
                {
                    expectedCounters[5]++;
                }
                else
                {
                    expectedCounters[1]++;
                    expectedTicks.add(msg.view(channelId, lineSeq, 42));
                }
                at = starts[i] + SbeFrames.MESSAGE_HEADER + blocks[i];
            }
        }

        final Counters counters = new Counters();
        final RecordingHandler handler = new RecordingHandler();
        final TicktapeFeedDecoder decoder = new TicktapeFeedDecoder(handler, counters, PREFIX);
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[length]);
        exact.putBytes(0, buffer, 0, length);

        final int delivered = decoder.onFrame(exact, 0, length, 42);

        assertThat(delivered).isEqualTo(expectedTicks.size());
        assertThat(handler.ticks).containsExactlyElementsOf(expectedTicks);
        for (int i = 0; i < COUNTERS.length; i++)
        {
            assertThat(counters.value(PREFIX + "." + COUNTERS[i])).as(COUNTERS[i]).isEqualTo(expectedCounters[i]);
        }
    }

    /**
     * One message of a generated frame.
     */
    record Msg(int kind, int instrumentId, long a, long b, long c, long d, int extra)
    {
        TickView view(final int channelId, final long lineSeq, final long receiveNs)
        {
            switch (kind)
            {
                case TRADE:
                case EXTENDED_TRADE:
                    return new TickView(TickType.TRADE, channelId, lineSeq, receiveNs, instrumentId, a, b, c,
                        (byte)(extra % 3), d, 0, 0, 0, 0, 0, 0, "");
                case QUOTE:
                    return new TickView(TickType.QUOTE, channelId, lineSeq, receiveNs, instrumentId, a, 0, 0,
                        (byte)0, 0, b, c, d, a ^ d, 0, 0, "");
                case DEFINITION:
                    return new TickView(TickType.INSTRUMENT, channelId, lineSeq, receiveNs, instrumentId, 0, 0, 0,
                        (byte)0, 0, 0, 0, 0, 0, (byte)extra, b, symbol());
                default:
                    throw new AssertionError("no tick for kind " + kind);
            }
        }

        String symbol()
        {
            return ("S" + Long.toString(Math.abs(a % 1_000_000_000_000L), 36)).toUpperCase();
        }
    }

    @Provide
    Arbitrary<Msg> messages()
    {
        final Arbitrary<Long> anyLong = Arbitraries.longs();
        return Combinators.combine(
            Arbitraries.integers().between(TRADE, EXTENDED_TRADE), Arbitraries.integers(),
            anyLong, anyLong, anyLong, anyLong, Arbitraries.integers().between(0, 255))
            .as(Msg::new);
    }

    /**
     * @return the block length written.
     */
    private static int encode(final Msg msg, final UnsafeBuffer buffer, final int offset,
        final MessageHeaderEncoder header)
    {
        switch (msg.kind)
        {
            case TRADE:
                return new TradeEncoder().wrapAndApplyHeader(buffer, offset, header)
                    .instrumentId(msg.instrumentId & 0xFFFF_FFFFL).exchangeTimeNs(msg.a).priceMantissa(msg.b)
                    .size(msg.c).aggressorSide(Side.get((short)(msg.extra % 3))).tradeId(msg.d).encodedLength();
            case EXTENDED_TRADE:
            {
                // A newer version: same fields, then (extra % 20) more bytes.
                final int block = new TradeEncoder().wrapAndApplyHeader(buffer, offset, header)
                    .instrumentId(msg.instrumentId & 0xFFFF_FFFFL).exchangeTimeNs(msg.a).priceMantissa(msg.b)
                    .size(msg.c).aggressorSide(Side.get((short)(msg.extra % 3))).tradeId(msg.d).encodedLength() +
                    msg.extra % 20;
                buffer.setMemory(offset + SbeFrames.MESSAGE_HEADER + TradeEncoder.BLOCK_LENGTH, msg.extra % 20,
                    (byte)0x7F);
                buffer.putShort(offset, (short)block, ByteOrder.LITTLE_ENDIAN);
                buffer.putShort(offset + 6, (short)(2 + msg.extra % 3), ByteOrder.LITTLE_ENDIAN);
                return block;
            }
            case QUOTE:
                return new QuoteEncoder().wrapAndApplyHeader(buffer, offset, header)
                    .instrumentId(msg.instrumentId & 0xFFFF_FFFFL).exchangeTimeNs(msg.a).bidPriceMantissa(msg.b)
                    .bidSize(msg.c).askPriceMantissa(msg.d).askSize(msg.a ^ msg.d).encodedLength();
            case DEFINITION:
                return new InstrumentDefinitionEncoder().wrapAndApplyHeader(buffer, offset, header)
                    .instrumentId(msg.instrumentId & 0xFFFF_FFFFL).priceExponent((byte)msg.extra)
                    .tickSizeMantissa(msg.b)
                    .putSymbol(Arrays.copyOf(msg.symbol().getBytes(StandardCharsets.US_ASCII), 16), 0)
                    .encodedLength();
            case HEARTBEAT:
                return new HeartbeatEncoder().wrapAndApplyHeader(buffer, offset, header).exchangeTimeNs(msg.a)
                    .encodedLength();
            case UNKNOWN:
            {
                final int[] templates = { 0, 5, 11, 12, 13, 21, 22, 23, 999, 0xFFFF };
                return raw(buffer, offset, msg.extra % 40, templates[Math.floorMod(msg.instrumentId, 10)],
                    SbeFrames.SCHEMA_ID, msg.a);
            }
            case FOREIGN:
            {
                final int schema = Math.floorMod(msg.instrumentId, 0x10000) == SbeFrames.SCHEMA_ID ?
                    1 : Math.floorMod(msg.instrumentId, 0x10000);
                return raw(buffer, offset, msg.extra % 40, 1 + msg.extra % 4, schema, msg.a);
            }
            case SHORT_BLOCK:
            {
                final int template = 1 + Math.floorMod(msg.instrumentId, 3);
                final int required = template == 1 ? 29 : template == 2 ? 37 : 44;
                return raw(buffer, offset, msg.extra % required, template, SbeFrames.SCHEMA_ID, msg.a);
            }
            default:
                throw new AssertionError("kind " + msg.kind);
        }
    }

    private static int raw(final UnsafeBuffer buffer, final int offset, final int blockLength, final int templateId,
        final int schemaId, final long fill)
    {
        buffer.putShort(offset, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + 2, (short)templateId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + 4, (short)schemaId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + 6, (short)1, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < blockLength; i++)
        {
            buffer.putByte(offset + SbeFrames.MESSAGE_HEADER + i, (byte)(fill >>> (8 * (i % 8))));
        }
        return blockLength;
    }

    private static void checkInvariants(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final Counters counters = new Counters();
        final RecordingHandler handler = new RecordingHandler();
        final TicktapeFeedDecoder decoder = new TicktapeFeedDecoder(handler, counters, PREFIX);

        final int delivered = decoder.onFrame(buffer, offset, length, 1);

        assertThat(handler.types).allSatisfy(
            type -> assertThat(type).isIn(TickType.INSTRUMENT, TickType.TRADE, TickType.QUOTE));
        assertThat(handler.types).hasSize(delivered);
        assertThat(counters.value(PREFIX + ".messages")).isEqualTo(delivered);
        if (length < SbeFrames.FRAME_HEADER)
        {
            assertThat(counters.value(PREFIX + ".malformed.truncated")).isEqualTo(1);
            assertThat(counters.value(PREFIX + ".frames")).isZero();
            assertThat(handler.frames).isEmpty();
        }
        else
        {
            assertThat(counters.value(PREFIX + ".frames")).isEqualTo(1);
            assertThat(handler.frames).hasSize(1);
            final int declared = buffer.getShort(offset + 18, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            assertThat(delivered).isLessThanOrEqualTo(declared);
            // At most one reason to stop early is counted per frame.
            final long stops = counters.value(PREFIX + ".malformed.truncated") +
                counters.value(PREFIX + ".malformed.foreign_schema") +
                counters.value(PREFIX + ".malformed.bad_block_length");
            assertThat(stops).isLessThanOrEqualTo(1);
        }
    }

    private static final List<byte[]> SIMULATOR_FRAMES = new ArrayList<>();

    private static synchronized byte[] simulatorFrame(final int index)
    {
        if (SIMULATOR_FRAMES.isEmpty())
        {
            final MarketSimulator simulator = new MarketSimulator(5, 20, 1_000_000, 1, MarketSimulator.DEFAULT_START_NS);
            final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
            for (int i = 0; i <= 2000; i++)
            {
                SIMULATOR_FRAMES.add(Arrays.copyOf(scratch.byteArray(), simulator.nextFrame(scratch, 0)));
            }
        }
        return SIMULATOR_FRAMES.get(index).clone();
    }
}
