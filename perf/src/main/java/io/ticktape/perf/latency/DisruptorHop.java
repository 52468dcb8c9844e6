package io.ticktape.perf.latency;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.sequencer.WaitStrategies;

/**
 * The engine's hand-off: a single-producer {@link RingBuffer} of preallocated ticks, one
 * {@link BatchEventProcessor} consuming it with the chosen wait strategy.
 */
final class DisruptorHop implements Hop
{
    private final RingBuffer<Tick> ring;
    private final BatchEventProcessor<Tick> processor;

    /**
     * @param size     ring slots, a power of two.
     * @param wait     the consumer's wait strategy, by name.
     * @param consumer receives every event.
     */
    DisruptorHop(final int size, final String wait, final LatencyConsumer consumer)
    {
        ring = RingBuffer.createSingleProducer(Tick::new, size, WaitStrategies.of(wait));
        final EventHandler<Tick> handler = (tick, sequence, endOfBatch) -> consumer.onEvent(tick);
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(processor.getSequence());
    }

    @Override
    public String name()
    {
        return "disruptor";
    }

    @Override
    public void publish(final long index, final long intendedNs)
    {
        final long sequence = ring.next();
        Hop.stamp(ring.get(sequence), index, intendedNs);
        ring.publish(sequence);
    }

    @Override
    public void consume()
    {
        processor.run();
    }

    @Override
    public void halt()
    {
        processor.halt();
    }
}
