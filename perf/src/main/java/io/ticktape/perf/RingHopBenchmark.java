package io.ticktape.perf;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.sequencer.WaitStrategies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The ring hop as the sequencer makes it: claim a slot of the engine's Disruptor ring ({@code Tick} events,
 * single producer), copy the tick in, publish; a consumer thread (yielding wait, the default profile's) reads every
 * tick. The producer's cost per tick while the consumer keeps up (it waits when the ring is full, so a slow
 * consumer shows). Latency of the hop is {@code bench ringhop}'s subject; this is its cost and allocation
 * ({@code -prof gc}). One operation is one tick.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingHopBenchmark
{
    /**
     * Publish one tick to the ring.
     *
     * @param state the ring and its ticks.
     * @return the ring sequence used.
     */
    @Benchmark
    public long publish(final RingState state)
    {
        final RingBuffer<Tick> ring = state.ring;
        final Tick tick = state.next();
        final long slot = ring.next();
        try
        {
            ring.get(slot).copyFrom(tick);
        }
        finally
        {
            ring.publish(slot);
        }
        return slot;
    }

    /**
     * A ring with one consumer thread, and a lap of ticks.
     */
    @State(Scope.Benchmark)
    public static class RingState
    {
        RingBuffer<Tick> ring;
        BatchEventProcessor<Tick> processor;
        Thread consumer;
        TickTape ticks;
        long checksum;

        /**
         * Build the ring and start the consumer.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            ring = RingBuffer.createSingleProducer(Tick::new, 1 << 16, WaitStrategies.of("yielding"));
            final EventHandler<Tick> handler = (tick, sequence, endOfBatch) -> checksum += tick.globalSeq;
            processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
            ring.addGatingSequences(processor.getSequence());
            consumer = new Thread(processor, "bench-consumer");
            consumer.setDaemon(true);
            consumer.start();
            final MarketSimulator simulator = DecodeToKernelBenchmark.newSimulator(16);
            FrameTape.feedDefinitions(simulator, 16, new TicktapeFeedDecoder(
                new TickTape.TickHandler((tick) -> { }), new Counters(), "feed.bench"));
            ticks = new TickTape(new FrameTape(simulator, DecodeToKernelBenchmark.FRAMES), 1);
        }

        Tick next()
        {
            return ticks.next();
        }

        /**
         * Stop the consumer.
         *
         * @throws InterruptedException if interrupted while joining it.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException
        {
            processor.halt();
            consumer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
