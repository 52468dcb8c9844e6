package io.ticktape.perf;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import io.ticktape.client.PublicationProxy;
import io.ticktape.feed.MarketDataHandler;
import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import io.ticktape.kernel.AnalyticsKernel;
import io.ticktape.kernel.KernelConfiguration;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import io.ticktape.protocol.tick.TickCodec;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.sequencer.Sequencer;
import io.ticktape.sequencer.WaitStrategies;
import io.ticktape.store.Journal;
import io.ticktape.store.TickJournal;
import io.aeron.ExclusivePublication;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's pipeline, built from its real parts for the latency harness, with every stage time-stamped against
 * the frame's intended send time (coordinated-omission corrected):
 * <pre>
 *  producer thread                                                  consumer threads, in parallel
 *  frame due at t0 + (ticks so far) / rate: spin until due
 *   receive ── TicktapeFeedDecoder ── decode ── Sequencer ── sequenced ══╦══► AnalyticsKernel ── kernel done
 *                                                                        ╠══► TickJournal ──────── journaled (excerpt written)
 *                                                                        ╚══► TickCodec + Aeron ── published (offered)
 *  hand-off: Disruptor ring (wait strategy as asked, yielding by default: the default profile's) or, for the
 *  baseline, one ArrayBlockingQueue per consumer with pooled ticks (put/take: blocking when full or empty)
 * </pre>
 * Each stage records {@code now - intended send time} into its own {@link SingleWriterRecorder}, written by exactly
 * one thread: receive, decode and sequenced by the producer, the others by their consumer.
 */
final class LatencyPipeline implements AutoCloseable
{
    /** The stages, in pipeline order. */
    static final String[] STAGES = { "receive", "decode", "sequenced", "kernel", "journaled", "published" };
    static final int RECEIVE = 0;
    static final int DECODE = 1;
    static final int SEQUENCED = 2;
    static final int KERNEL = 3;
    static final int JOURNALED = 4;
    static final int PUBLISHED = 5;
    static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);
    private static final int RING_SIZE = 1 << 16;
    private static final int QUEUE_SIZE = 1 << 13;
    private static final int INSTRUMENTS = 50;
    private static final int FRAMES = 1 << 16;

    /** The hand-off between the producer and its consumers. */
    enum Handoff
    {
        DISRUPTOR, QUEUE
    }

    final SingleWriterRecorder[] recorders = new SingleWriterRecorder[STAGES.length];
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final Counters counters = new Counters();
    private final Handoff handoff;
    private final TickJournal journal;
    private final AnalyticsKernel kernel;
    private final TicktapeFeedDecoder decoder;
    private final MarketSimulator simulator;
    private final FrameTape tape;
    private final List<UnsafeBuffer> definitions;
    private final List<Thread> threads = new ArrayList<>();
    private final StageConsumer[] consumers;
    private final Sequencer sequencer;
    private final QueueSequencer queueSequencer;
    private final List<BatchEventProcessor<Tick>> processors = new ArrayList<>();
    private long intendedNs;
    private volatile long sent;
    private volatile long maxBehindNs;

    LatencyPipeline(
        final Handoff handoff,
        final Path dataDir,
        final ExclusivePublication ticks,
        final ExclusivePublication analytics,
        final boolean operators,
        final String wait)
    {
        this.handoff = handoff;
        for (int i = 0; i < STAGES.length; i++)
        {
            recorders[i] = new SingleWriterRecorder(1, HIGHEST_NS, 3);
        }
        final PublicationProxy analyticsProxy = proxy(analytics, "analytics");
        final PublicationProxy ticksProxy = proxy(ticks, "ticks");
        kernel = operators ?
            new AnalyticsKernel(AnalyticsKernel.DEFAULT_BAR_INTERVALS_NS, AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS,
                0, analyticsProxy::offer, clock, recorders[KERNEL], counters, KernelConfiguration.defaults()) :
            new AnalyticsKernel(AnalyticsKernel.DEFAULT_BAR_INTERVALS_NS, AnalyticsKernel.DEFAULT_SESSION_LENGTH_NS,
                0, analyticsProxy::offer, clock, recorders[KERNEL], counters);
        journal = new TickJournal(Journal.open(dataDir, "FAST_DAILY", false), clock, counters);
        consumers = new StageConsumer[]{
            new StageConsumer(kernel, null, -1),
            new JournalConsumer(journal, recorders[JOURNALED]),
            new StageConsumer(new PublishHandler(ticksProxy), recorders[PUBLISHED], PUBLISHED)
        };

        final StampingHandler stamping;
        if (handoff == Handoff.DISRUPTOR)
        {
            final RingBuffer<Tick> ring = RingBuffer.createSingleProducer(Tick::new, RING_SIZE,
                WaitStrategies.of(wait));
            final SequenceBarrier barrier = ring.newBarrier();
            final Sequence[] gating = new Sequence[consumers.length];
            for (int i = 0; i < consumers.length; i++)
            {
                final BatchEventProcessor<Tick> processor =
                    new BatchEventProcessorBuilder().build(ring, barrier, consumers[i]);
                processors.add(processor);
                gating[i] = processor.getSequence();
            }
            ring.addGatingSequences(gating);
            sequencer = new Sequencer(ring, clock, counters, 0);
            queueSequencer = null;
            stamping = new StampingHandler(sequencer);
        }
        else
        {
            sequencer = null;
            queueSequencer = new QueueSequencer(consumers.length, clock);
            stamping = new StampingHandler(queueSequencer);
        }
        decoder = new TicktapeFeedDecoder(stamping, counters, "feed.bench");
        simulator = DecodeToKernelBenchmark.newSimulator(INSTRUMENTS);
        startConsumers();
        // The tape (a few hundred MB) is built here, so that the collections its allocation causes are over before
        // anything is measured; the definitions that precede it go through the ring from the producer thread.
        definitions = FrameTape.definitions(simulator, INSTRUMENTS);
        tape = new FrameTape(simulator, FRAMES);
    }

    private PublicationProxy proxy(final ExclusivePublication publication, final String name)
    {
        return new PublicationProxy(publication, new YieldingIdleStrategy(), clock, TimeUnit.MILLISECONDS.toNanos(100),
            counters.newCounter("publisher." + name + ".published"),
            counters.newCounter("publisher." + name + ".back_pressure_drops"),
            counters.newCounter("publisher." + name + ".unsubscribed"));
    }

    private void startConsumers()
    {
        final String[] names = { "kernel", "journal", "publisher" };
        for (int i = 0; i < consumers.length; i++)
        {
            final Runnable body;
            if (handoff == Handoff.DISRUPTOR)
            {
                body = processors.get(i);
            }
            else
            {
                final int index = i;
                body = () -> queueSequencer.consume(index, consumers[index]);
            }
            final Thread thread = new Thread(body, "bench-" + names[i]);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Send ticks at a constant rate (producer: the calling thread).
     *
     * @param rate          ticks per second.
     * @param totalTicks    how many.
     * @param giveUpBehindNs stop early once the producer is this far behind schedule (the rate is not sustainable).
     * @return ticks sent.
     */
    long run(final long rate, final long totalTicks, final long giveUpBehindNs, final Pace pace)
    {
        FrameTape.feed(definitions, decoder); // on this thread: the ring has one producer
        final SingleWriterRecorder receive = recorders[RECEIVE];
        final FrameSchedule schedule =
            new FrameSchedule(tape, rate, clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10), giveUpBehindNs);
        long ticks = 0;
        while (ticks < totalTicks)
        {
            final long intended = schedule.dueNs();
            final long nowNs = pace.awaitDue(intended);
            receive.recordValue(Math.min(nowNs - intended, HIGHEST_NS));
            if (!schedule.keepingUp(nowNs))
            {
                break;
            }
            intendedNs = intended;
            ticks += schedule.sendNext(decoder);
            if ((schedule.frameInLap() & 1023) == 0)
            {
                sent = ticks;
            }
        }
        sent = ticks;
        maxBehindNs = schedule.maxBehindNs();
        return ticks;
    }

    /**
     * Wait until every consumer has processed every tick sent.
     *
     * @param timeoutNs longest wait.
     * @return true if all caught up.
     */
    boolean awaitDrained(final long timeoutNs)
    {
        final long target = sequenced();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (System.nanoTime() < deadlineNs)
        {
            boolean done = true;
            for (final StageConsumer consumer : consumers)
            {
                done &= consumer.processed >= target;
            }
            if (done)
            {
                return true;
            }
            Thread.yield();
        }
        return false;
    }

    long sequenced()
    {
        return null != sequencer ? counters.value("sequencer.ticks") : queueSequencer.globalSeq;
    }

    long processed(final int consumer)
    {
        return consumers[consumer].processed;
    }

    long maxBehindNs()
    {
        return maxBehindNs;
    }

    long sentSoFar()
    {
        return sent;
    }

    long counter(final String name)
    {
        return counters.value(name);
    }

    @Override
    public void close()
    {
        for (final BatchEventProcessor<Tick> processor : processors)
        {
            processor.halt();
        }
        if (null != queueSequencer)
        {
            queueSequencer.halt();
        }
        for (final Thread thread : threads)
        {
            thread.interrupt();
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        journal.close();
    }

    /**
     * Between the decoder and the sequencer: time-stamps decode (the tick handed over) and sequenced (it is on the
     * ring, or in every queue).
     */
    private final class StampingHandler implements MarketDataHandler
    {
        private final MarketDataHandler next;

        StampingHandler(final MarketDataHandler next)
        {
            this.next = next;
        }

        @Override
        public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
        {
            return next.onFrame(channelId, lineSeq, sendingTimeNs, receiveNs);
        }

        @Override
        public void onTick(final Tick tick)
        {
            final long intended = intendedNs;
            recorders[DECODE].recordValue(Math.min(clock.nanoTime() - intended, HIGHEST_NS));
            next.onTick(tick);
            recorders[SEQUENCED].recordValue(Math.min(clock.nanoTime() - intended, HIGHEST_NS));
        }
    }

    /**
     * A ring consumer that counts what it has processed and, given a recorder, times its stage.
     */
    private static class StageConsumer implements EventHandler<Tick>
    {
        final EventHandler<Tick> delegate;
        final SingleWriterRecorder recorder;
        final SystemNanoClock clock = SystemNanoClock.INSTANCE;
        volatile long processed;

        StageConsumer(final EventHandler<Tick> delegate, final SingleWriterRecorder recorder, final int stage)
        {
            this.delegate = delegate;
            this.recorder = recorder;
        }

        @Override
        public void onEvent(final Tick tick, final long sequence, final boolean endOfBatch) throws Exception
        {
            delegate.onEvent(tick, sequence, endOfBatch);
            if (null != recorder)
            {
                recorder.recordValue(Math.min(Math.max(0, clock.nanoTime() - tick.receiveNs), HIGHEST_NS));
            }
            processed = processed + 1;
        }

        @Override
        public void onShutdown()
        {
            delegate.onShutdown();
        }
    }

    /**
     * The journal, timed when the excerpt holding a tick has been written.
     */
    private static final class JournalConsumer extends StageConsumer
    {
        private final TickJournal journal;
        private final long[] receiveNs = new long[TickJournal.MAX_BATCH + 1];
        private int pending;

        JournalConsumer(final TickJournal journal, final SingleWriterRecorder recorder)
        {
            super(journal, recorder, JOURNALED);
            this.journal = journal;
        }

        @Override
        public void onEvent(final Tick tick, final long sequence, final boolean endOfBatch)
        {
            if (pending < receiveNs.length)
            {
                receiveNs[pending++] = tick.receiveNs;
            }
            journal.onEvent(tick, sequence, endOfBatch);
            if (0 == journal.pendingTicks())
            {
                final long nowNs = clock.nanoTime();
                for (int i = 0; i < pending; i++)
                {
                    recorder.recordValue(Math.min(Math.max(0, nowNs - receiveNs[i]), HIGHEST_NS));
                }
                pending = 0;
            }
            processed = processed + 1;
        }
    }

    /**
     * What the engine's tick publisher does: encode the tick as SBE and offer it to Aeron.
     */
    private static final class PublishHandler implements EventHandler<Tick>
    {
        private final TickCodec codec = new TickCodec();
        private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[TickCodec.MAX_ENCODED_LENGTH]);
        private final PublicationProxy proxy;

        PublishHandler(final PublicationProxy proxy)
        {
            this.proxy = proxy;
        }

        @Override
        public void onEvent(final Tick tick, final long sequence, final boolean endOfBatch)
        {
            if (TickType.TIMER == tick.type)
            {
                return; // journaled, never published: as the engine's TickPublisher
            }
            final int length = codec.encode(tick, SystemNanoClock.INSTANCE.nanoTime(), scratch, 0);
            if (length > 0)
            {
                proxy.offer(scratch, 0, length);
            }
        }
    }

    /**
     * The baseline's hand-off: the sequencer's work (global sequence, sequenced time) and one bounded
     * {@link ArrayBlockingQueue} per consumer, with a pool of ticks per queue so that nothing is allocated per tick.
     */
    private static final class QueueSequencer implements MarketDataHandler
    {
        private final List<ArrayBlockingQueue<Tick>> queues = new ArrayList<>();
        private final List<ArrayBlockingQueue<Tick>> pools = new ArrayList<>();
        private final NanoClock clock;
        private volatile boolean running = true;
        private long frameSequencedNs;
        volatile long globalSeq;

        QueueSequencer(final int consumers, final NanoClock clock)
        {
            this.clock = clock;
            for (int i = 0; i < consumers; i++)
            {
                queues.add(new ArrayBlockingQueue<>(QUEUE_SIZE));
                final ArrayBlockingQueue<Tick> pool = new ArrayBlockingQueue<>(QUEUE_SIZE);
                for (int j = 0; j < QUEUE_SIZE; j++)
                {
                    pool.add(new Tick());
                }
                pools.add(pool);
            }
        }

        @Override
        public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
        {
            frameSequencedNs = clock.nanoTime();
            return true;
        }

        @Override
        public void onTick(final Tick tick)
        {
            final long seq = globalSeq + 1;
            try
            {
                for (int i = 0; i < queues.size(); i++)
                {
                    final Tick event = pools.get(i).take();
                    event.copyFrom(tick);
                    event.globalSeq = seq;
                    event.sequencedNs = frameSequencedNs;
                    queues.get(i).put(event);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            globalSeq = seq;
        }

        void consume(final int index, final StageConsumer consumer)
        {
            final ArrayBlockingQueue<Tick> queue = queues.get(index);
            final ArrayBlockingQueue<Tick> pool = pools.get(index);
            try
            {
                while (running)
                {
                    final Tick tick = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (null == tick)
                    {
                        continue;
                    }
                    consumer.onEvent(tick, tick.globalSeq, queue.isEmpty());
                    pool.put(tick);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
            finally
            {
                consumer.onShutdown();
            }
        }

        void halt()
        {
            running = false;
        }
    }
}
