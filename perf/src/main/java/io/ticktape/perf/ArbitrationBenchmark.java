package io.ticktape.perf;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.protocol.FrameHeaderFlyweight;
import io.ticktape.protocol.status.Counters;
import io.ticktape.sequencer.arbitration.ArbitratingDecoder;
import io.ticktape.sequencer.arbitration.ArbitrationConfig;
import io.ticktape.sequencer.arbitration.ChannelListener;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
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

import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What A/B line arbitration costs per arriving packet: {@link ArbitratingDecoder} (one {@code LineArbitrator} for
 * the channel) in front of a trivial {@link PacketDecoder} that only sums the lengths it is given, against that
 * decoder called directly. One operation is one packet arriving on one line, so in the two-line scenarios a packet
 * seen once by the decoder is two operations.
 * <pre>
 *  PacketTape ─► schedule[i] ─► ArbitratingDecoder ─► LineArbitrator ─► LengthSummingDecoder
 *  (frames,       (which frame      lineSeq(),           pass / drop /      sums lengths, checks
 *   one channel)   arrives next)    channelId()          hold in window     lineSeq is dense
 *
 *  (frames of a lap numbered from 1; An, Bn: frame n arriving on line A, B)
 *  oneLine       A1 A2 A3 A4 ...                                           every packet once, in order
 *  abDuplicates  A1 B1 A2 B2 A3 B3 ...                                     every B copy a duplicate
 *  abReorder     A2 A3 A1 A4 ... A8 B4 A10 B5 A11 B6 A9 B7 A12 B8 ...      in every 8 packets the first A copy
 *                (B trails A by 4 arrivals)                                 arrives after the next two, which
 *                                                                           wait in the window; B all duplicates
 * </pre>
 * The packets are Ticktape frames: a 20-byte {@link FrameHeaderFlyweight} (the arbitrator reads lineSeq and
 * channelId from it) and 20 to 140 bytes of payload. Set-up sends lineSeq 1 and the tape starts at 2; when the
 * schedule ends the tape moves every lineSeq on by the frame count, so the arbitrator sees one endless, never stale
 * stream. As on the feed thread (the engine's {@code FeedAgent}), the clock is read and
 * {@link ArbitratingDecoder#onTimer} called once per 64 packets (its poll limit), and that
 * time is every packet's receive time. The arbitration settings are the engine's defaults but for a longer window
 * time (see {@code CONFIG}). The raw baseline pays the same clock reads and the same lap shift.
 * Everything is allocated in set-up (the channel's arbitrator on its first packet, during warm-up): {@code -prof gc}
 * must show about 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The JVM flags come from BenchMain (JvmFlags, defined once in the root POM), not from a copy here.
@Fork(1)
public class ArbitrationBenchmark
{
    /** Frames on the tape: a multiple of {@link #REORDER_GROUP} and of {@link #TIMER_INTERVAL}. */
    static final int FRAMES = 4096;
    /** Packets per call of the timer, the engine's feed poll limit. */
    static final int TIMER_INTERVAL = 64;
    /** In every group of this many packets, the first one's A copy is late. */
    static final int REORDER_GROUP = 8;
    /** How many arrivals the B line trails the A line by in the reorder scenario. */
    static final int B_LAG = 4;
    static final int CHANNEL_ID = 1;
    /**
     * The engine's default arbitration settings (EngineConfig.ArbitrationSettings) but for the reorder window's
     * time: 1 s instead of 5 ms, so that a descheduled benchmark thread (on a busy machine) cannot turn a held
     * packet into a gap. The time only decides when the window gives up, not what a packet costs.
     */
    static final ArbitrationConfig CONFIG = new ArbitrationConfig(
        1024, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(5), 2048);

    /**
     * How the packets arrive.
     */
    public enum Scenario
    {
        /** One line, in order. */
        oneLine,
        /** Two lines, each packet on A then at once on B. */
        abDuplicates,
        /** Two lines, B trailing, and every eighth packet's A copy arriving after the next two. */
        abReorder
    }

    /**
     * The trivial decoder alone: one packet, no arbitration.
     *
     * @param state tape and decoder.
     * @return bytes decoded so far, so that nothing can be optimised away.
     */
    @Benchmark
    public long raw(final RawState state)
    {
        return state.next(state.decoder);
    }

    /**
     * One arriving packet through the arbitrator, which passes it on, drops it or holds it.
     *
     * @param state tape, schedule, arbitrator and decoder.
     * @return bytes decoded so far, so that nothing can be optimised away.
     */
    @Benchmark
    public long arbitrated(final ArbitrationState state)
    {
        return state.next(state.arbitrator);
    }

    /**
     * A tape of packets, the order they arrive in, and the clock and timer of the feed thread.
     */
    public abstract static class Feed
    {
        final NanoClock clock = SystemNanoClock.INSTANCE;
        final LengthSummingDecoder decoder = new LengthSummingDecoder();
        PacketTape tape;
        int[] schedule;
        int index;
        long nowNs;

        /**
         * Record the tape and prime the target with lineSeq 1: the tape starts at 2, so that an arbitrator, which
         * starts from the first number it sees, does not start from a packet that arrives early.
         */
        void init(final Scenario scenario, final PacketDecoder target)
        {
            tape = new PacketTape(FRAMES, 2);
            schedule = schedule(scenario, FRAMES);
            final UnsafeBuffer prime = new UnsafeBuffer(new byte[FrameHeaderFlyweight.LENGTH]);
            new FrameHeaderFlyweight().wrap(prime, 0).lineSeq(1).channelId(CHANNEL_ID);
            nowNs = clock.nanoTime();
            target.onPacket(prime, 0, FrameHeaderFlyweight.LENGTH, nowNs, CHANNEL_ID);
        }

        final long next(final PacketDecoder target)
        {
            final int index = this.index;
            if (0 == (index & (TIMER_INTERVAL - 1)))
            {
                nowNs = clock.nanoTime();
                onTimer(nowNs);
            }
            final PacketTape tape = this.tape;
            final int frame = schedule[index];
            target.onPacket(tape.buffer, tape.offsets[frame], tape.lengths[frame], nowNs, CHANNEL_ID);
            final int next = index + 1;
            if (schedule.length == next)
            {
                this.index = 0;
                tape.nextLap();
            }
            else
            {
                this.index = next;
            }
            return decoder.bytes;
        }

        abstract void onTimer(long nowNs);
    }

    /**
     * The decoder fed directly, one line.
     */
    @State(Scope.Thread)
    public static class RawState extends Feed
    {
        /**
         * Record the tape.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            init(Scenario.oneLine, decoder);
        }

        @Override
        void onTimer(final long nowNs)
        {
        }
    }

    /**
     * The decoder behind an arbitrator, fed in the order of a scenario.
     */
    @State(Scope.Thread)
    public static class ArbitrationState extends Feed
    {
        /** How the packets arrive. */
        @Param
        public Scenario scenario;

        final Counters counters = new Counters();
        final CountingListener listener = new CountingListener();
        ArbitratingDecoder arbitrator;

        /**
         * Record the tape and build the arbitrator.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            arbitrator = new ArbitratingDecoder(decoder, CONFIG, listener, counters);
            init(scenario, arbitrator);
        }

        @Override
        void onTimer(final long nowNs)
        {
            arbitrator.onTimer(nowNs);
        }
    }

    /**
     * The order in which the frames of one lap arrive, as frame indices, one entry per arrival on either line.
     *
     * @param scenario how they arrive.
     * @param frames   frames on the tape, a multiple of {@link #REORDER_GROUP}.
     * @return frame indices in arrival order.
     */
    static int[] schedule(final Scenario scenario, final int frames)
    {
        switch (scenario)
        {
            case oneLine:
            {
                final int[] schedule = new int[frames];
                for (int i = 0; i < frames; i++)
                {
                    schedule[i] = i;
                }
                return schedule;
            }

            case abDuplicates:
            {
                final int[] schedule = new int[2 * frames];
                for (int i = 0; i < frames; i++)
                {
                    schedule[2 * i] = i;
                    schedule[2 * i + 1] = i;
                }
                return schedule;
            }

            case abReorder:
            {
                final int[] lineA = new int[frames];
                for (int i = 0; i < frames; i++)
                {
                    // Within each group: 1, 2, 0, 3, 4, ...: the group's first packet is overtaken by the next two.
                    final int inGroup = i % REORDER_GROUP;
                    final int group = i - inGroup;
                    lineA[i] = inGroup < 2 ? group + inGroup + 1 : 2 == inGroup ? group : i;
                }
                final int[] schedule = new int[2 * frames];
                int arrival = 0;
                for (int i = 0; i < frames; i++)
                {
                    schedule[arrival++] = lineA[i];
                    if (i >= B_LAG)
                    {
                        schedule[arrival++] = i - B_LAG;
                    }
                }
                for (int i = frames - B_LAG; i < frames; i++)
                {
                    schedule[arrival++] = i;
                }
                return schedule;
            }

            default:
                throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    /**
     * Ticktape frames laid end to end: a frame header with consecutive lineSeqs on one channel, then a payload of
     * varying length that nobody reads.
     */
    static final class PacketTape
    {
        private static final int MIN_PAYLOAD = 20;
        private static final int MAX_PAYLOAD = 140;

        final UnsafeBuffer buffer;
        final int[] offsets;
        final int[] lengths;
        private final FrameHeaderFlyweight header = new FrameHeaderFlyweight();

        PacketTape(final int frameCount, final long firstLineSeq)
        {
            final Random random = new Random(DecodeToKernelBenchmark.SEED);
            buffer = new UnsafeBuffer(new byte[frameCount * (FrameHeaderFlyweight.LENGTH + MAX_PAYLOAD)]);
            offsets = new int[frameCount];
            lengths = new int[frameCount];
            int position = 0;
            for (int i = 0; i < frameCount; i++)
            {
                final int payload = MIN_PAYLOAD + random.nextInt(MAX_PAYLOAD - MIN_PAYLOAD + 1);
                header.wrap(buffer, position)
                    .lineSeq(firstLineSeq + i)
                    .sendingTimeNs(i)
                    .channelId(CHANNEL_ID)
                    .messageCount(1);
                for (int b = 0; b < payload; b++)
                {
                    buffer.putByte(position + FrameHeaderFlyweight.LENGTH + b, (byte)random.nextInt());
                }
                offsets[i] = position;
                lengths[i] = FrameHeaderFlyweight.LENGTH + payload;
                position += lengths[i];
            }
        }

        /**
         * Move every frame's lineSeq on by the frame count.
         */
        void nextLap()
        {
            final long step = offsets.length;
            for (final int offset : offsets)
            {
                header.wrap(buffer, offset);
                header.lineSeq(header.lineSeq() + step);
            }
        }
    }

    /**
     * The trivial decoder: sums the lengths of the packets it is given and counts those whose lineSeq is not the
     * one after the previous packet's (the arbitrator must make it zero). Reads lineSeq and channelId from the
     * frame header for the arbitrator, as Ticktape's format does.
     */
    static final class LengthSummingDecoder implements PacketDecoder
    {
        long packets;
        long bytes;
        long outOfOrder;
        long lastLineSeq;

        @Override
        public int onPacket(
            final DirectBuffer buffer, final int offset, final int length, final long receiveNs, final int channelId)
        {
            final long lineSeq = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            if (lineSeq != lastLineSeq + 1)
            {
                outOfOrder++;
            }
            lastLineSeq = lineSeq;
            packets++;
            bytes += length;
            return 1;
        }

        @Override
        public long lineSeq(final DirectBuffer buffer, final int offset, final int length)
        {
            return length < FrameHeaderFlyweight.LENGTH ? -1 : buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public int channelId(
            final DirectBuffer buffer, final int offset, final int length, final int transportChannelId)
        {
            return length < FrameHeaderFlyweight.LENGTH ?
                transportChannelId : buffer.getShort(offset + 16, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        }
    }

    /**
     * Counts what the arbitrator reports; in these scenarios nothing is lost, so all must stay zero.
     */
    static final class CountingListener implements ChannelListener
    {
        long gaps;
        long statusChanges;
        long resets;

        @Override
        public void onGap(final int channelId, final long fromLineSeq, final long toLineSeq, final long detectedNs)
        {
            gaps++;
        }

        @Override
        public void onChannelStatus(
            final int channelId, final boolean stale, final long lastLineSeq, final long silentNs)
        {
            statusChanges++;
        }

        @Override
        public void onReset(final int channelId)
        {
            resets++;
        }
    }
}
