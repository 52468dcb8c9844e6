package io.ticktape.perf;

import io.ticktape.feed.FeedFormat;
import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.PacketDecoder;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.protocol.FrameHeaderFlyweight;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickType;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Decode and normalize cost per message of the feed decoders, against a naive {@link java.nio.ByteBuffer} decoder
 * that makes an object per message ({@code NaiveDecoders}), on one thread.
 * <pre>
 *  ticktape          FrameTape (simulator frames) ─► TicktapeFeedDecoder ─► CountingHandler
 *  ticktapeNaive     the same bytes               ─► NaiveDecoders.decodeTicktape ─► KeepingListener
 *  mdp3 (all)        CME capture, one copy per MsgSeqNum ─► FeedFormat.of("mdp3") decoder ─► CountingHandler
 *  mdp3 (trades)     the capture's trade summaries only  ─► FeedFormat.of("mdp3") decoder ─► CountingHandler
 *  mdp3TradesNaive   the capture's trade summaries only  ─► NaiveDecoders.decodeMdp3Trades ─► KeepingListener
 * </pre>
 * One operation is one packet. The primary score is packets per second; the {@code messages} and {@code ticks}
 * counters beside it are messages (SBE messages in the packets) and ticks (normalized ticks delivered) per second,
 * on one core. {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes per packet; divide by the messages per packet
 * printed in set-up for bytes per message. Ours must show 0.
 * <p>
 * The MDP3 format exists only in builds where the CME schemas were present, and is found through
 * {@link java.util.ServiceLoader}, so nothing of it is referenced here. The capture is
 * {@code cme-mdp3/Mdp3.Sbe.v1.6/Cme.Mdp3.Sbe.v6.1.pcap} in the shared data folder: {@code -Dticktape.data=DIR}
 * (pass it with {@code -jvmArgsAppend}), else {@code ../shared/data} from the working directory or a parent.
 * Without the capture or the format the MDP3 benchmarks fail in set-up, saying which. The MDP3 decoder keeps a book per
 * security and replaying the same packets is fine for it; line sequence and duplicates are the sequencer's
 * business, so the handler accepts every frame. Set-up checks that the naive decoders and ours agree, message for
 * message, on count and a checksum of the fields (trades and quotes; the provisional instrument ticks the MDP3
 * decoder sends the first time it sees a security are counted as ticks but not checked).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The JVM flags come from BenchMain (JvmFlags, defined once in the root POM), not from a copy here.
@Fork(1)
public class FeedDecodeBenchmark
{
    static final int CHANNEL_ID = 1;
    private static final long RECEIVE_NS = 1_000_000;

    /**
     * Ticktape's decoder over one simulator frame.
     *
     * @param state  frames and decoder.
     * @param counts messages and ticks.
     * @return checksum of the ticks so far.
     */
    @Benchmark
    public long ticktape(final TicktapeState state, final Counts counts)
    {
        final FrameTape tape = state.tape;
        final int frame = state.frame;
        counts.ticks += state.decoder.onFrame(tape.buffer(), tape.offset(frame), tape.length(frame), RECEIVE_NS);
        counts.messages += state.messages[frame];
        state.frame = (frame + 1) & (DecodeToKernelBenchmark.FRAMES - 1);
        return state.handler.checksum;
    }

    /**
     * The naive decoder over one simulator frame.
     *
     * @param state  frames and decoder.
     * @param counts messages and ticks.
     * @return checksum of the messages so far.
     */
    @Benchmark
    public long ticktapeNaive(final TicktapeState state, final Counts counts)
    {
        final FrameTape tape = state.tape;
        final int frame = state.frame;
        counts.ticks += NaiveDecoders.decodeTicktape(
            state.bytes, tape.offset(frame), tape.length(frame), state.naive);
        counts.messages += state.messages[frame];
        state.frame = (frame + 1) & (DecodeToKernelBenchmark.FRAMES - 1);
        return state.naive.checksum;
    }

    /**
     * The MDP3 decoder over one packet of the capture.
     *
     * @param state  packets and decoder.
     * @param counts messages and ticks.
     * @return checksum of the ticks so far.
     */
    @Benchmark
    public long mdp3(final Mdp3State state, final Counts counts)
    {
        final Mdp3Tape tape = state.tape;
        final int packet = state.packet;
        counts.ticks += state.decoder.onPacket(
            tape.buffer, tape.offsets[packet], tape.lengths[packet], RECEIVE_NS, CHANNEL_ID);
        counts.messages += tape.messages[packet];
        state.packet = packet + 1 == tape.packetCount() ? 0 : packet + 1;
        return state.handler.checksum;
    }

    /**
     * The naive decoder over one packet of the capture's trade summaries.
     *
     * @param state  packets.
     * @param counts messages and ticks.
     * @return checksum of the trades so far.
     */
    @Benchmark
    public long mdp3TradesNaive(final Mdp3TradesState state, final Counts counts)
    {
        final Mdp3Tape tape = state.tape;
        final int packet = state.packet;
        counts.ticks += NaiveDecoders.decodeMdp3Trades(
            tape.bytes, tape.offsets[packet], tape.lengths[packet], CHANNEL_ID, state.naive);
        counts.messages += tape.messages[packet];
        state.packet = packet + 1 == tape.packetCount() ? 0 : packet + 1;
        return state.naive.checksum;
    }

    /**
     * Messages and ticks per second, reported beside packets per second.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts
    {
        /** SBE messages in the packets decoded. */
        public long messages;
        /** Normalized ticks (or naive objects) delivered. */
        public long ticks;

        /**
         * Start each iteration from zero.
         */
        @Setup(Level.Iteration)
        public void reset()
        {
            messages = 0;
            ticks = 0;
        }
    }

    /**
     * Simulator frames, Ticktape's decoder and the naive one.
     */
    @State(Scope.Thread)
    public static class TicktapeState
    {
        /** Instruments the simulator trades. */
        @Param("16")
        public int instruments;

        final CountingHandler handler = new CountingHandler();
        final NaiveDecoders.KeepingListener naive = new NaiveDecoders.KeepingListener();
        TicktapeFeedDecoder decoder;
        FrameTape tape;
        byte[] bytes;
        int[] messages;
        int frame;

        /**
         * Record the frames and check that both decoders read them alike.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            decoder = new TicktapeFeedDecoder(handler, new Counters(), "feed.bench");
            final MarketSimulator simulator = DecodeToKernelBenchmark.newSimulator(instruments);
            FrameTape.feedDefinitions(simulator, instruments, decoder);
            tape = new FrameTape(simulator, DecodeToKernelBenchmark.FRAMES);
            bytes = tape.buffer().byteArray();
            messages = new int[tape.frameCount()];
            final FrameHeaderFlyweight header = new FrameHeaderFlyweight();
            for (int i = 0; i < messages.length; i++)
            {
                messages[i] = header.wrap(tape.buffer(), tape.offset(i)).messageCount();
            }

            handler.reset();
            for (int i = 0; i < tape.frameCount(); i++)
            {
                decoder.onFrame(tape.buffer(), tape.offset(i), tape.length(i), RECEIVE_NS);
                NaiveDecoders.decodeTicktape(bytes, tape.offset(i), tape.length(i), naive);
            }
            checkAgree("ticktape", handler, naive, tape.messageCount());
            System.out.printf(Locale.ROOT, "%nticktape: %d frames, %d messages, %.3f messages/frame%n",
                tape.frameCount(), tape.messageCount(), (double)tape.messageCount() / tape.frameCount());
        }
    }

    /**
     * The capture's packets, all or only their trade summaries, and the MDP3 decoder.
     */
    @State(Scope.Thread)
    public static class Mdp3State
    {
        /** {@code all}: every message of the capture; {@code trades}: trade summaries only. */
        @Param({ "all", "trades" })
        public String packets;

        final CountingHandler handler = new CountingHandler();
        PacketDecoder decoder;
        Mdp3Tape tape;
        int packet;

        /**
         * Load the capture, find the format, and for trade summaries check against the naive decoder.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            final Mdp3Tape all = loadCapture();
            decoder = mdp3Format().newDecoder(handler, new Counters(), "feed.bench");
            tape = "trades".equals(packets) ? all.tradesOnly() : all;
            handler.reset();
            for (int i = 0; i < tape.packetCount(); i++)
            {
                decoder.onPacket(tape.buffer, tape.offsets[i], tape.lengths[i], RECEIVE_NS, CHANNEL_ID);
            }
            if (0 == handler.ticks)
            {
                throw new IllegalStateException("mdp3: the decoder delivered no ticks from " + tape.packetCount() +
                    " packets: nothing would be measured");
            }
            if ("trades".equals(packets))
            {
                final NaiveDecoders.KeepingListener naive = new NaiveDecoders.KeepingListener();
                for (int i = 0; i < tape.packetCount(); i++)
                {
                    NaiveDecoders.decodeMdp3Trades(tape.bytes, tape.offsets[i], tape.lengths[i], CHANNEL_ID, naive);
                }
                checkAgree("mdp3 trades", handler, naive, -1);
            }
            printTape("mdp3 " + packets, tape, handler.ticks);
        }
    }

    /**
     * The capture's trade summaries, for the naive decoder.
     */
    @State(Scope.Thread)
    public static class Mdp3TradesState
    {
        final NaiveDecoders.KeepingListener naive = new NaiveDecoders.KeepingListener();
        Mdp3Tape tape;
        int packet;

        /**
         * Load the capture and keep its trade summaries.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            tape = loadCapture().tradesOnly();
            for (int i = 0; i < tape.packetCount(); i++)
            {
                NaiveDecoders.decodeMdp3Trades(tape.bytes, tape.offsets[i], tape.lengths[i], CHANNEL_ID, naive);
            }
            if (0 == naive.messages)
            {
                throw new IllegalStateException("mdp3 naive: no trades in " + tape.packetCount() + " packets");
            }
            printTape("mdp3 trades (naive)", tape, naive.messages);
        }
    }

    /**
     * Counts the ticks it is given and sums the fields of trades and quotes as the naive listener does; accepts
     * every frame. Instrument ticks (the MDP3 decoder sends a provisional one before the first tick of a security
     * it has no definition for) are counted in {@link #ticks} only.
     */
    static final class CountingHandler implements MarketDataHandler
    {
        long frames;
        long ticks;
        long tradesAndQuotes;
        long checksum;

        @Override
        public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
        {
            frames++;
            return true;
        }

        @Override
        public void onTick(final Tick tick)
        {
            ticks++;
            if (TickType.TRADE == tick.type)
            {
                tradesAndQuotes++;
                checksum += tick.instrumentId + tick.priceMantissa + tick.size + tick.tradeId + tick.exchangeTimeNs;
            }
            else if (TickType.QUOTE == tick.type)
            {
                tradesAndQuotes++;
                checksum += tick.instrumentId + tick.bidPriceMantissa + tick.askPriceMantissa + tick.bidSize +
                    tick.askSize + tick.exchangeTimeNs;
            }
        }

        void reset()
        {
            frames = 0;
            ticks = 0;
            tradesAndQuotes = 0;
            checksum = 0;
        }
    }

    /**
     * @return the capture's packets.
     * @throws IllegalStateException saying where it was looked for, if it is not there.
     */
    static Mdp3Tape loadCapture()
    {
        final Path dataDir = Mdp3Tape.dataDir();
        final Path capture = dataDir.resolve(Mdp3Tape.CAPTURE);
        if (!Files.isRegularFile(capture))
        {
            throw new IllegalStateException("mdp3: no capture at " + capture + "; the shared data folder is " +
                "../shared/data beside the checkout, or give it with -jvmArgsAppend -D" + Mdp3Tape.DATA_PROP_NAME +
                "=DIR");
        }
        try
        {
            return Mdp3Tape.load(capture);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("mdp3: cannot read " + capture, ex);
        }
    }

    /**
     * @return the MDP3 format of this build.
     * @throws IllegalStateException if this build has none.
     */
    static FeedFormat mdp3Format()
    {
        try
        {
            return FeedFormat.of("mdp3");
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException("mdp3: " + ex.getMessage(), ex);
        }
    }

    private static void checkAgree(
        final String what, final CountingHandler ours, final NaiveDecoders.KeepingListener naive, final long expected)
    {
        if (ours.tradesAndQuotes != naive.messages || ours.checksum != naive.checksum ||
            (expected >= 0 && ours.tradesAndQuotes != expected))
        {
            throw new IllegalStateException(String.format(Locale.ROOT,
                "%s: decoders disagree: ours %d trades and quotes (checksum %d), naive %d (checksum %d), expected %d",
                what, ours.tradesAndQuotes, ours.checksum, naive.messages, naive.checksum, expected));
        }
    }

    private static void printTape(final String what, final Mdp3Tape tape, final long ticks)
    {
        System.out.printf(Locale.ROOT, "%n%s: %d packets, %d messages (%.3f/packet), %d ticks (%.3f/packet)%n",
            what, tape.packetCount(), tape.messageCount, (double)tape.messageCount / tape.packetCount(), ticks,
            (double)ticks / tape.packetCount());
    }
}
