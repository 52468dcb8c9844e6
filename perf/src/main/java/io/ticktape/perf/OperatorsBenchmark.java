package io.ticktape.perf;

import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.kernel.BarConfiguration;
import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.kernel.SessionCalendar;
import io.ticktape.protocol.status.Counters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Every analytics operator together, per tick, against a straightforward implementation in the same run.
 * <ul>
 *     <li>{@link #kernel}: one decoded, sequenced simulator tick through {@link AnalyticsKernel} with
 *     {@link KernelConfiguration#defaults()} (rolling statistics, EWMA, realized volatility, rolling VWAP, activity
 *     bars, anomaly scores and ensemble) and {@link BarConfiguration#defaults()} (1 s and 1 min bars closed by the
 *     kernel clock, session VWAP), every output SBE-encoded into a counting sink. Must be 0 B/op under
 *     {@code -prof gc}.</li>
 *     <li>{@link #naive}: the same tick through {@link NaiveOperators}: boxed collections, each window recomputed on
 *     every tick, nothing encoded.</li>
 * </ul>
 * Updates per second per core is the reciprocal of ns/op (one thread). The tape is the engine's simulator at 200k
 * messages/s of exchange time over {@code instruments} instruments, so the 60 s windows fill to their 2,048-sample
 * capacity within the warm-up; laps move exchange time on, so windows keep sliding.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OperatorsBenchmark
{
    /**
     * One tick through the kernel with every operator on.
     *
     * @param state the kernel and its tape.
     * @return bytes published so far.
     */
    @Benchmark
    public long kernel(final TapeState state)
    {
        state.kernel.onTick(state.next());
        return state.sink.bytes;
    }

    /**
     * One tick through the straightforward baseline.
     *
     * @param state the baseline and its tape.
     * @return its checksum so far.
     */
    @Benchmark
    public double naive(final TapeState state)
    {
        state.naive.onTick(state.next());
        return state.naive.checksum;
    }

    /**
     * A tape of decoded ticks, and both implementations primed with the instrument definitions.
     */
    @State(Scope.Thread)
    public static class TapeState
    {
        /** Instruments the simulator trades. */
        @Param("16")
        public int instruments;

        final DecodeToKernelBenchmark.CountingSink sink = new DecodeToKernelBenchmark.CountingSink();
        final NaiveOperators naive = new NaiveOperators();
        final Counters counters = new Counters();
        AnalyticsKernel kernel;
        TickTape ticks;

        /**
         * Build both, define the instruments and decode the tape.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            kernel = new AnalyticsKernel(
                AnalyticsKernel.DEFAULT_BAR_INTERVALS_NS,
                SessionCalendar.fixedLength(AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS, 0),
                sink,
                SystemNanoClock.INSTANCE,
                null,
                counters,
                KernelConfiguration.defaults(),
                BarConfiguration.defaults());
            final long[] globalSeq = { 0 };
            final MarketSimulator simulator = DecodeToKernelBenchmark.newSimulator(instruments);
            FrameTape.feedDefinitions(simulator, instruments, new TicktapeFeedDecoder(
                new TickTape.TickHandler(
                    (tick) ->
                    {
                        tick.globalSeq = ++globalSeq[0];
                        kernel.onTick(tick);
                        naive.onTick(tick);
                    }),
                new Counters(), "feed.bench"));
            final FrameTape tape = new FrameTape(simulator, DecodeToKernelBenchmark.FRAMES);
            ticks = new TickTape(tape, globalSeq[0] + 1);
            DecodeToKernelBenchmark.printTape("operators", tape);
        }

        /**
         * Say what the kernel did with the tape (late trades would mean revisions in the figures).
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            System.out.printf("%noperators: kernel trades=%d bars_closed=%d late_trades_applied=%d late_trades=%d " +
                "bars_revised=%d outputs=%d bytes=%d%n", counters.value("kernel.trades"),
                counters.value("kernel.bars_closed"), counters.value("kernel.late_trades_applied"),
                counters.value("kernel.late_trades"), counters.value("kernel.bars_revised"), sink.messages, sink.bytes);
        }

        io.ticktape.protocol.tick.Tick next()
        {
            return ticks.next();
        }
    }
}
