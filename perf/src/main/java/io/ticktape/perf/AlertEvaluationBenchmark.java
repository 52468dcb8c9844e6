package io.ticktape.perf;

import io.ticktape.alerts.AlertEvaluator;
import io.ticktape.alerts.AlertOutput;
import io.ticktape.alerts.CompiledRules;
import io.ticktape.alerts.RuleContext;
import io.ticktape.alerts.RuleLoader;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.kernel.AnalyticsSink;
import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
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

import java.util.concurrent.TimeUnit;

/**
 * What risk-alert rules cost per tick, on the kernel thread where they run: one decoded, sequenced simulator tick
 * through the kernel (operators on) whose sink is the {@link AlertEvaluator}, for three rule sets.
 * <pre>
 *  TickTape ─► AnalyticsKernel ─► AlertEvaluator ─► CountingSink (stands in for the analytics publication)
 *   (tick i)    VWAP, bars,        decode outputs       └─► CountingOutput (stands in for the delivery inbox)
 *               operators, SBE     evaluate rules
 * </pre>
 * <ul>
 *     <li>{@code rules=none}: the kernel straight into the sink, no evaluator (the baseline);</li>
 *     <li>{@code rules=empty}: the evaluator in the path with no rules (decoding the outputs only);</li>
 *     <li>{@code rules=all}: nine instrument and channel rules on every instrument (price move, z-score, ensemble,
 *     spread, volume spike, VWAP deviation, crossed quote, stale instrument, feed gap), thresholds low enough that
 *     alerts are raised and cleared during the run (the encode path is measured too).</li>
 * </ul>
 * The rules' cost is the difference from {@code none}. Everything is allocated in set-up; {@code -prof gc} must show
 * about 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The JVM flags come from BenchMain (JvmFlags, defined once in the root POM), not from a copy here.
@Fork(1)
public class AlertEvaluationBenchmark
{
    /** The rule set of {@code rules=all}. */
    static final String ALL_RULES = """
        rules: [
          { name: move, metric: priceMovePct, window: 10s, raiseAbove: 0.5, clearBelow: 0.25 },
          { name: z, metric: returnZScore, raiseAbove: 4, clearBelow: 3 },
          { name: ensemble, metric: ensemble, raiseAbove: 0.6, clearBelow: 0.4 },
          { name: spread, metric: spreadBps, raiseAbove: 20, clearBelow: 10, minDuration: 1ms },
          { name: spike, metric: volumeSpike, raiseAbove: 6, clearBelow: 5, cooldown: 1s },
          { name: vwap, metric: vwapDeviationBps, raiseAbove: 50, clearBelow: 25 },
          { name: crossed, metric: crossedQuote },
          { name: stale, metric: staleInstrument },
          { name: gap, metric: feedGap, clearAfter: 1s }
        ]
        """;

    /**
     * Run one tick through the kernel and whatever evaluates behind it.
     *
     * @param state the kernel, the rules and the ticks.
     * @return bytes emitted so far plus alerts, so that nothing can be optimised away.
     */
    @Benchmark
    public long tick(final AlertState state)
    {
        state.kernel.onTick(state.ticks.next());
        return state.sink.bytes + state.output.alerts;
    }

    /**
     * The evaluator alone over what the kernel produced for one tick (recorded in set-up): its outputs through
     * {@link AlertEvaluator#onAnalytics}, then {@link AlertEvaluator#onTickDone}. One operation is one tick; the lap
     * repeats (tick time stops at the lap's end, which changes no cost).
     *
     * @param state the evaluator and the recorded outputs.
     * @return bytes passed on plus alerts, so that nothing can be optimised away.
     */
    @Benchmark
    public long evaluateOnly(final EvaluatorState state)
    {
        final int index = state.index;
        final AlertEvaluator evaluator = state.evaluator;
        final int end = state.firstMessage[index + 1];
        for (int m = state.firstMessage[index]; m < end; m++)
        {
            evaluator.onAnalytics(state.tape, state.offsets[m], state.lengths[m]);
        }
        evaluator.onTickDone(state.ticks[index]);
        state.index = index + 1 == state.ticks.length ? 0 : index + 1;
        return state.sink.bytes + state.output.alerts;
    }

    /**
     * The kernel's outputs for one lap of ticks, recorded once, and an evaluator to run them through.
     */
    @State(Scope.Thread)
    public static class EvaluatorState
    {
        /** Instruments the simulator trades. */
        @Param("16")
        public int instruments;

        /** Rule set: empty, all. */
        @Param({ "empty", "all" })
        public String rules;

        final DecodeToKernelBenchmark.CountingSink sink = new DecodeToKernelBenchmark.CountingSink();
        final CountingOutput output = new CountingOutput();
        final UnsafeBuffer tape = new UnsafeBuffer(new byte[64 << 20]);
        AlertEvaluator evaluator;
        Tick[] ticks;
        int[] firstMessage;
        int[] offsets;
        int[] lengths;
        int index;

        /**
         * Record a lap of the kernel's outputs, tick by tick.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            final AlertState source = new AlertState();
            source.instruments = instruments;
            source.rules = "none";
            source.setUp();
            final KernelConfiguration configuration = KernelConfiguration.defaults();
            final CompiledRules compiled = RuleLoader.parse(
                "all".equals(rules) ? ALL_RULES : "rules: [ ]", "bench", new RuleContext(configuration));
            evaluator = new AlertEvaluator(sink, output, compiled, new Counters());

            final int count = source.ticks.size();
            ticks = new Tick[count];
            firstMessage = new int[count + 1];
            final org.agrona.collections.IntArrayList starts = new org.agrona.collections.IntArrayList();
            final org.agrona.collections.IntArrayList sizes = new org.agrona.collections.IntArrayList();
            final int[] position = { 0 };
            final AnalyticsKernel recorder = DecodeToKernelBenchmark.newKernel(new AnalyticsSink()
            {
                @Override
                public void onAnalytics(final DirectBuffer buffer, final int offset, final int length)
                {
                    tape.putBytes(position[0], buffer, offset, length);
                    starts.addInt(position[0]);
                    sizes.addInt(length);
                    position[0] += length;
                }
            }, SystemNanoClock.INSTANCE, new Counters(), configuration);
            for (int i = 0; i < count; i++)
            {
                ticks[i] = new Tick().copyFrom(source.ticks.tick(i));
                firstMessage[i] = starts.size();
                recorder.onTick(ticks[i]);
            }
            firstMessage[count] = starts.size();
            offsets = starts.toIntArray();
            lengths = sizes.toIntArray();
        }
    }

    /**
     * A kernel with the evaluator (or not), fed the simulator's definitions, and a lap of decoded ticks.
     */
    @State(Scope.Thread)
    public static class AlertState
    {
        /** Instruments the simulator trades. */
        @Param("16")
        public int instruments;

        /** Rule set: none (no evaluator), empty, all. */
        @Param({ "none", "empty", "all" })
        public String rules;

        final DecodeToKernelBenchmark.CountingSink sink = new DecodeToKernelBenchmark.CountingSink();
        final CountingOutput output = new CountingOutput();
        final Counters counters = new Counters();
        AnalyticsKernel kernel;
        AlertEvaluator evaluator;
        TickTape ticks;

        /**
         * Build the kernel and evaluator, feed them the definitions and decode the ticks.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            final KernelConfiguration configuration = KernelConfiguration.defaults();
            final AnalyticsSink kernelSink;
            if ("none".equals(rules))
            {
                kernelSink = sink;
            }
            else
            {
                final CompiledRules compiled = "all".equals(rules) ?
                    RuleLoader.parse(ALL_RULES, "bench", new RuleContext(configuration)) :
                    RuleLoader.parse("rules: [ ]", "bench", new RuleContext(configuration));
                evaluator = new AlertEvaluator(sink, output, compiled, counters);
                kernelSink = evaluator;
            }
            kernel = DecodeToKernelBenchmark.newKernel(kernelSink, SystemNanoClock.INSTANCE, counters, configuration);
            final long[] globalSeq = { 0 };
            final MarketSimulator simulator = DecodeToKernelBenchmark.newSimulator(instruments);
            FrameTape.feedDefinitions(simulator, instruments, new TicktapeFeedDecoder(
                new TickTape.TickHandler(
                    (tick) ->
                    {
                        tick.globalSeq = ++globalSeq[0];
                        kernel.onTick(tick);
                    }),
                new Counters(), "feed.bench"));
            final FrameTape tape = new FrameTape(simulator, DecodeToKernelBenchmark.FRAMES);
            ticks = new TickTape(tape, globalSeq[0] + 1);
            DecodeToKernelBenchmark.printTape("alerts(" + rules + ")", tape);
        }
    }

    /**
     * Counts the alerts, standing in for the delivery inbox.
     */
    static final class CountingOutput implements AlertOutput
    {
        long alerts;

        @Override
        public void onAlert(final DirectBuffer buffer, final int offset, final int length)
        {
            alerts++;
        }
    }
}
