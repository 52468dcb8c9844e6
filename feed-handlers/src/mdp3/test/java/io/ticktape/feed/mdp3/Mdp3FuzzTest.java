package io.ticktape.feed.mdp3;

import io.ticktape.feed.mdp3.Captures.Datagram;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder against hostile input: pure random bytes, garbage under well-formed headers of every template it
 * decodes, and real CME packets (every capture beside the checkout) with bit flips, truncations and corrupted
 * length and count fields. Nothing may escape as an exception, every packet must move a counter, every tick must
 * be well-formed, and where one message of a packet is corrupted (its MsgSize intact) the trades and instruments
 * of the messages before and after it must come out exactly as they do from those messages alone.
 * <p>
 * CI runs 2000 tries a property and a seeded loop of {@code mdp3.fuzz.iterations} packets (default 50,000); a
 * longer run: {@code mvn -B -o test -pl feed-handlers -Dtest=Mdp3FuzzTest -Dmdp3.fuzz.iterations=5000000}
 * (optionally {@code -Dmdp3.fuzz.seed=N}).
 */
class Mdp3FuzzTest
{
    private static final int[] DECODED_TEMPLATES = { 27, 29, 32, 41, 42, 46, 48, 54, 55, 56, 64, 65 };

    private final Decoding decoding = new Decoding();
    private final Decoding prefixDecoding = new Decoding();
    private final Decoding suffixDecoding = new Decoding();

    @Property(tries = 2000)
    void shouldNeverThrowWhenBytesAreRandom(
        @ForAll @Size(max = 1500) final byte[] bytes, @ForAll @IntRange(max = 16) final int offset)
    {
        final byte[] buffer = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
        decodeAndCheck(decoding, buffer, offset, bytes.length);
    }

    @Property(tries = 2000)
    void shouldNeverThrowWhenKnownTemplatesCarryGarbage(
        @ForAll @IntRange(max = 11) final int templateIndex,
        @ForAll @IntRange(max = 400) final int blockLength,
        @ForAll @IntRange(min = 5, max = 14) final int version,
        @ForAll @Size(max = 1400) final byte[] body)
    {
        final byte[] packet = new PacketBuilder(1, 0)
            .message(blockLength, DECODED_TEMPLATES[templateIndex], Mdp3Templates.SCHEMA_ID, version, body)
            .trades(1L, new PacketBuilder.Trade(7, 100, 1, 1, 1))
            .build();

        decodeAndCheck(decoding, packet, 0, packet.length);

        // The trade after the garbage is always intact, whatever the garbage did.
        assertThat(decoding.handler.trades()).isNotEmpty();
        assertThat(last(decoding.handler.trades()).instrumentId).isEqualTo(7);
    }

    @Property(tries = 2000)
    @AddLifecycleHook(RequiresCaptures.class)
    void shouldNeverThrowWhenRealPacketsAreMutated(
        @ForAll @IntRange(max = Integer.MAX_VALUE - 1) final int pick, @ForAll final long seed)
    {
        final List<byte[]> packets = RealPackets.ALL;
        final byte[] mutated = Mutations.anywhere(packets.get(pick % packets.size()), new Random(seed));
        decodeAndCheck(decoding, mutated, 0, mutated.length);
    }

    @Property(tries = 2000)
    @AddLifecycleHook(RequiresCaptures.class)
    void shouldDecodeTheOtherMessagesWhenOneMessageIsCorrupted(
        @ForAll @IntRange(max = Integer.MAX_VALUE - 1) final int pick,
        @ForAll @IntRange(max = Integer.MAX_VALUE - 1) final int which,
        @ForAll final long seed)
    {
        final List<byte[]> packets = RealPackets.MULTI_MESSAGE;
        checkNeighboursSurvive(packets.get(pick % packets.size()), which, new Random(seed));
    }

    /**
     * The long run: random bytes, garbage under real headers, mutations anywhere and inside one message, in turn.
     */
    @Test
    void shouldSurviveSeededFuzzLoopWhenRunForConfiguredIterations()
    {
        final long iterations = Long.getLong("mdp3.fuzz.iterations", 50_000);
        final Random random = new Random(Long.getLong("mdp3.fuzz.seed", 20_260_101L));
        final boolean captures = Captures.available();
        for (long i = 0; i < iterations; i++)
        {
            final int mode = captures ? (int)(i % 4) : (int)(i % 2);
            switch (mode)
            {
                case 0:
                {
                    final byte[] bytes = new byte[random.nextInt(1500)];
                    random.nextBytes(bytes);
                    decodeAndCheck(decoding, bytes, 0, bytes.length);
                    break;
                }
                case 1:
                {
                    final byte[] body = new byte[random.nextInt(600)];
                    random.nextBytes(body);
                    final byte[] packet = new PacketBuilder(i, 0)
                        .message(random.nextInt(300), DECODED_TEMPLATES[random.nextInt(DECODED_TEMPLATES.length)],
                            Mdp3Templates.SCHEMA_ID, 5 + random.nextInt(10), body)
                        .build();
                    decodeAndCheck(decoding, packet, 0, packet.length);
                    break;
                }
                case 2:
                {
                    final List<byte[]> packets = RealPackets.ALL;
                    final byte[] mutated = Mutations.anywhere(packets.get(random.nextInt(packets.size())), random);
                    decodeAndCheck(decoding, mutated, 0, mutated.length);
                    break;
                }
                default:
                {
                    final List<byte[]> packets = RealPackets.MULTI_MESSAGE;
                    checkNeighboursSurvive(packets.get(random.nextInt(packets.size())), random.nextInt(64), random);
                    break;
                }
            }
        }
        assertThat(decoding.counter("packets") + decoding.counter("malformed.short_packet")).isEqualTo(iterations);
        // Which defences the run reached, for whoever reads the test output of a long run.
        System.out.println("mdp3 fuzz loop, " + iterations + " packets: " + decoding.counters.snapshot());
    }

    private void checkNeighboursSurvive(final byte[] packet, final int which, final Random random)
    {
        final int[] starts = Mutations.messageStarts(packet);
        final int k = which % starts.length;
        final int start = starts[k];
        final int end = k + 1 < starts.length ? starts[k + 1] : packet.length;
        final byte[] mutated = Mutations.insideMessage(packet, start, end, random);
        final byte[] prefix = Arrays.copyOf(packet, start);
        final byte[] suffix = concat(Arrays.copyOf(packet, Mdp3PacketDecoder.PACKET_HEADER_LENGTH),
            Arrays.copyOfRange(packet, end, packet.length));

        final List<String> corrupted = stateless(decodeAndCheck(decoding, mutated, 0, mutated.length));
        final List<String> before = stateless(decodeAndCheck(prefixDecoding, prefix, 0, prefix.length));
        final List<String> after = stateless(decodeAndCheck(suffixDecoding, suffix, 0, suffix.length));

        // Trades and instruments depend on their own message only (quotes depend on the book the bad one changed).
        assertThat(corrupted.size()).isGreaterThanOrEqualTo(before.size() + after.size());
        assertThat(corrupted.subList(0, before.size())).isEqualTo(before);
        assertThat(corrupted.subList(corrupted.size() - after.size(), corrupted.size())).isEqualTo(after);
    }

    /**
     * Decode one packet, checking what must hold whatever the bytes.
     *
     * @return the ticks it delivered.
     */
    private static List<Tick> decodeAndCheck(
        final Decoding decoding, final byte[] bytes, final int offset, final int length)
    {
        decoding.handler.ticks.clear();
        final long framed = decoding.counter("packets") + decoding.counter("malformed.short_packet");

        final int delivered = decoding.decoder.onPacket(new UnsafeBuffer(bytes), offset, length, 0, 1);

        assertThat(decoding.counter("packets") + decoding.counter("malformed.short_packet")).isEqualTo(framed + 1);
        assertThat(decoding.handler.ticks).hasSize(delivered);
        for (final Tick tick : decoding.handler.ticks)
        {
            assertThat(tick.type).isBetween(TickType.INSTRUMENT, TickType.QUOTE);
            assertThat(tick.symbolLength).isBetween(0, Tick.SYMBOL_CAPACITY);
            assertThat(tick.lineSeq).isEqualTo(ByteBuffer.wrap(bytes, offset, length)
                .order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL);
            assertThat(tick.aggressorSide).isBetween((byte)0, (byte)2);
        }
        return new ArrayList<>(decoding.handler.ticks);
    }

    private static List<String> stateless(final List<Tick> ticks)
    {
        final List<String> described = new ArrayList<>();
        for (final Tick tick : ticks)
        {
            if (tick.type == TickType.TRADE || tick.type == TickType.INSTRUMENT)
            {
                described.add(Decoding.describe(tick));
            }
        }
        return described;
    }

    private static byte[] concat(final byte[] first, final byte[] second)
    {
        final byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static Tick last(final List<Tick> ticks)
    {
        return ticks.get(ticks.size() - 1);
    }

    /**
     * Skips the properties on real packets where the captures are absent.
     */
    static final class RequiresCaptures implements SkipExecutionHook
    {
        @Override
        public SkipResult shouldBeSkipped(final LifecycleContext context)
        {
            return Captures.available() ? SkipResult.doNotSkip() :
                SkipResult.skip("no " + Captures.ROOT + " beside the checkout");
        }
    }

    /**
     * Every MDP3 packet of the captures, loaded once; MULTI_MESSAGE holds those with two or more messages of
     * which at least one becomes a trade or an instrument, the ones where a corrupted neighbour can hurt.
     */
    static final class RealPackets
    {
        static final List<byte[]> ALL = new ArrayList<>();
        static final List<byte[]> MULTI_MESSAGE = new ArrayList<>();

        static
        {
            final String[] files = {
                "Mdp3.Sbe.v1.5/MdIncrementalRefreshBook.pcap",
                "Mdp3.Sbe.v1.5/MdIncrementalRefreshSessionStatistics.pcap",
                "Mdp3.Sbe.v1.5/MdIncrementalRefreshTradeSummary.pcap",
                "Mdp3.Sbe.v1.5/MdIncrementalRefreshVolume.pcap",
                "Mdp3.Sbe.v1.5/MdInstrumentDefinitionSpread.pcap",
                "Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap",
                "Mdp3.Sbe.v1.8/Cme.Mdp3.Sbe.v8.1.Example.pcap",
                "Mdp3.Sbe.v1.9/Cme.Mdp3.Sbe.v9.1.Example.pcap",
            };
            for (final String file : files)
            {
                final Path path = Captures.ROOT.resolve(file);
                if (Files.isRegularFile(path))
                {
                    for (final Datagram datagram : Captures.read(path).udp())
                    {
                        ALL.add(datagram.payload());
                    }
                }
            }
            for (final byte[] packet : ALL)
            {
                final int[] starts = Mutations.messageStarts(packet);
                boolean stateless = false;
                for (final int start : starts)
                {
                    final int template = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getShort(start + 4);
                    stateless |= template == 42 || template == 48 || template == 27 || template == 29;
                }
                if (starts.length >= 2 && stateless)
                {
                    MULTI_MESSAGE.add(packet);
                }
            }
        }

        private RealPackets()
        {
        }
    }
}
