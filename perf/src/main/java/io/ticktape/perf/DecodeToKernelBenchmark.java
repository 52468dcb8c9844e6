package io.ticktape.perf;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.kernel.AnalyticsSink;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.sequencer.Sequencer;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
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

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The hot path of the engine on one thread, without the threads: a simulator frame is decoded, sequenced, published
 * to the ring, and every tick it put on the ring goes through the analytics kernel.
 * <pre>
 *  FrameTape ─► TicktapeFeedDecoder ─► Sequencer ─► RingBuffer&lt;Tick&gt; ─► AnalyticsKernel ─► CountingSink
 *   (frame i)      decode (SBE)        line check,    publish slots        VWAP, bars,        sums lengths
 *                                      global seq     (no gating)          SBE encode
 * </pre>
 * <ul>
 *     <li>{@link #decodeToKernel}: one operation is one frame (1 to 4 messages, about 2.5 on average; the set-up
 *     prints the exact ticks per frame of the tape), so ns/op is the cost of a frame, not a tick.</li>
 *     <li>{@link #kernelOnly}: one operation is one already decoded and sequenced tick through the kernel alone;
 *     the difference is what decoding, sequencing and the ring cost.</li>
 * </ul>
 * The ring has no gating sequences, so {@code next()} never waits: the benchmark thread is the ring's consumer and
 * reads the slots between the previous and the new cursor itself. The kernel records latency into a recorder and
 * stamps outputs from the system nano clock, as it does in the engine. Everything is allocated in set-up; the path
 * must show about 0 B/op under {@code -prof gc}. Throughput instead of time per operation: {@code -bm thrpt -tu s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The JVM flags come from BenchMain (JvmFlags, defined once in the root POM), not from a copy here.
@Fork(1)
public class DecodeToKernelBenchmark
{
    /** Frames on the tape; a power of two. */
    static final int FRAMES = 4096;
    /** Ring slots; far more than one frame's ticks, which is all the ring ever holds here. */
    static final int RING_SIZE = 1024;
    static final long SEED = 42;
    static final double MESSAGES_PER_SECOND = 200_000;
    static final int CHANNEL_ID = 1;
    private static final int SIGNIFICANT_DIGITS = 3;

    /**
     * Decode one frame and run the kernel over the ticks it published.
     *
     * @param state the pipeline.
     * @return bytes the kernel has emitted so far, so that nothing can be optimised away.
     */
    @Benchmark
    public long decodeToKernel(final PipelineState state)
    {
        final FrameTape tape = state.tape;
        final int frame = state.frame;
        state.decoder.onFrame(tape.buffer(), tape.offset(frame), tape.length(frame), state.clock.nanoTime());
        state.drainRing();
        final int next = (frame + 1) & (FRAMES - 1);
        state.frame = next;
        if (0 == next)
        {
            tape.nextLap();
        }
        return state.sink.bytes;
    }

    /**
     * Run the kernel over one decoded, sequenced tick.
     *
     * @param state the kernel and its ticks.
     * @return bytes the kernel has emitted so far, so that nothing can be optimised away.
     */
    @Benchmark
    public long kernelOnly(final KernelState state)
    {
        state.kernel.onTick(state.ticks.next());
        return state.sink.bytes;
    }

    /**
     * Decoder, sequencer, ring and kernel, wired as the engine wires them, and a tape of frames to feed them.
     */
    @State(Scope.Thread)
    public static class PipelineState
    {
        /** Instruments the simulator trades. */
        @Param("16")
        public int instruments;

        final NanoClock clock = SystemNanoClock.INSTANCE;
        final CountingSink sink = new CountingSink();
        final Counters counters = new Counters();
        RingBuffer<Tick> ring;
        TicktapeFeedDecoder decoder;
        AnalyticsKernel kernel;
        FrameTape tape;
        long consumedSeq = -1;
        int frame;

        /**
         * Build the pipeline, feed it the instrument definitions and record the tape.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            // The engine's default wait strategy; with no consumer waiting, publish() signals nobody anyway.
            ring = RingBuffer.createSingleProducer(Tick::new, RING_SIZE, new YieldingWaitStrategy());
            kernel = newKernel(sink, clock, counters);
            decoder = new TicktapeFeedDecoder(new Sequencer(ring, clock, counters, 0), counters, "feed.bench");

            final MarketSimulator simulator = newSimulator(instruments);
            FrameTape.feedDefinitions(simulator, instruments, decoder);
            drainRing();
            tape = new FrameTape(simulator, FRAMES);
            printTape("decodeToKernel", tape);
        }

        void drainRing()
        {
            final RingBuffer<Tick> ring = this.ring;
            final AnalyticsKernel kernel = this.kernel;
            final long cursor = ring.getCursor();
            for (long sequence = consumedSeq + 1; sequence <= cursor; sequence++)
            {
                kernel.onTick(ring.get(sequence));
            }
            consumedSeq = cursor;
        }
    }

    /**
     * A kernel that knows the simulator's instruments and a lap of decoded, sequenced ticks to feed it.
     */
    @State(Scope.Thread)
    public static class KernelState
    {
        /** Instruments the simulator trades. */
        @Param("16")
        public int instruments;

        /** The per-instrument operators (statistics, volatility, activity bars, anomaly scores): off or on. */
        @Param({ "off", "on" })
        public String operators;

        final CountingSink sink = new CountingSink();
        final Counters counters = new Counters();
        AnalyticsKernel kernel;
        TickTape ticks;

        /**
         * Build the kernel, feed it the instrument definitions and decode the ticks.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            kernel = "on".equals(operators) ?
                newKernel(sink, SystemNanoClock.INSTANCE, counters, KernelConfiguration.defaults()) :
                newKernel(sink, SystemNanoClock.INSTANCE, counters);
            final long[] globalSeq = { 0 };
            final MarketSimulator simulator = newSimulator(instruments);
            FrameTape.feedDefinitions(simulator, instruments, new TicktapeFeedDecoder(
                new TickTape.TickHandler(
                    (tick) ->
                    {
                        tick.globalSeq = ++globalSeq[0];
                        kernel.onTick(tick);
                    }),
                new Counters(), "feed.bench"));
            final FrameTape tape = new FrameTape(simulator, FRAMES);
            ticks = new TickTape(tape, globalSeq[0] + 1);
            printTape("kernelOnly", tape);
        }
    }

    /**
     * Counts what the kernel emits, standing in for the Aeron publication.
     */
    static final class CountingSink implements AnalyticsSink
    {
        long messages;
        long bytes;

        @Override
        public void onAnalytics(final DirectBuffer buffer, final int offset, final int length)
        {
            messages++;
            bytes += length;
        }
    }

    static MarketSimulator newSimulator(final int instruments)
    {
        return new MarketSimulator(
            SEED, instruments, MESSAGES_PER_SECOND, CHANNEL_ID, MarketSimulator.DEFAULT_START_NS);
    }

    static AnalyticsKernel newKernel(final AnalyticsSink sink, final NanoClock clock, final Counters counters)
    {
        return new AnalyticsKernel(
            AnalyticsKernel.DEFAULT_BAR_INTERVALS_NS,
            AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS,
            0,
            sink,
            clock,
            new SingleWriterRecorder(1, AnalyticsKernel.MAX_RECORDED_LATENCY_NS, SIGNIFICANT_DIGITS),
            counters);
    }

    static AnalyticsKernel newKernel(
        final AnalyticsSink sink, final NanoClock clock, final Counters counters, final KernelConfiguration config)
    {
        return new AnalyticsKernel(
            AnalyticsKernel.DEFAULT_BAR_INTERVALS_NS,
            AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS,
            0,
            sink,
            clock,
            new SingleWriterRecorder(1, AnalyticsKernel.MAX_RECORDED_LATENCY_NS, SIGNIFICANT_DIGITS),
            counters,
            config);
    }

    static void printTape(final String benchmark, final FrameTape tape)
    {
        System.out.printf(Locale.ROOT, "%n%s: tape of %d frames, %d ticks, %.3f ticks/frame%n",
            benchmark, tape.frameCount(), tape.messageCount(), (double)tape.messageCount() / tape.frameCount());
    }
}
