package io.ticktape.perf.latency;

import io.ticktape.protocol.tick.Tick;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The baseline: preallocated ticks handed over through an {@link ArrayBlockingQueue} and given back through a second
 * one, the pool, so that neither side allocates an event.
 * <pre>
 *   producer ── pool.poll() ──► stamp ──► handOff.offer() ──► consumer ── onEvent ──► pool.offer()
 *      ▲                                                                                   │
 *      └───────────────────────────── the same {@code size} ticks, recycled ◄──────────────┘
 * </pre>
 * An {@code ArrayBlockingQueue} keeps its elements in an array made at construction, so {@code offer} and
 * {@code poll} allocate nothing; its {@code ReentrantLock} does allocate a queue node when a thread has to park
 * for the lock or on a condition ({@code take}, timed {@code poll}), which the harness's per-thread allocation
 * figures show. The consumer waits as the ring's wait strategies do: busy-spin spins, yielding spins 100 times
 * then yields, sleeping spins, yields, then parks 100 ns, blocking parks on the queue's condition. The producer
 * parks 1 ns at a time when the pool is empty, as the ring's single producer does when the ring is full.
 */
final class QueueHop implements Hop
{
    private static final int SPIN_TRIES = 100;
    private static final int YIELD_TRIES = 100;
    private static final long SLEEP_NS = 100;
    private static final long BLOCKING_POLL_MS = 100;
    private static final int BUSY_SPIN = 0;
    private static final int YIELDING = 1;
    private static final int SLEEPING = 2;
    private static final int BLOCKING = 3;

    private final ArrayBlockingQueue<Tick> pool;
    private final ArrayBlockingQueue<Tick> handOff;
    private final LatencyConsumer consumer;
    private final int waitMode;
    private volatile boolean running = true;

    /**
     * @param size     events in the pool, and the hand-off queue's capacity.
     * @param wait     how the consumer waits, by wait strategy name.
     * @param consumer receives every event.
     */
    QueueHop(final int size, final String wait, final LatencyConsumer consumer)
    {
        pool = new ArrayBlockingQueue<>(size);
        handOff = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++)
        {
            pool.offer(new Tick());
        }
        this.consumer = consumer;
        waitMode = waitMode(wait);
    }

    @Override
    public String name()
    {
        return "abq";
    }

    @Override
    public void publish(final long index, final long intendedNs)
    {
        Tick tick = pool.poll();
        while (null == tick)
        {
            LockSupport.parkNanos(1);
            tick = pool.poll();
        }
        Hop.stamp(tick, index, intendedNs);
        if (!handOff.offer(tick))
        {
            throw new IllegalStateException("hand-off queue full, which its capacity rules out");
        }
    }

    @Override
    public void consume()
    {
        if (BLOCKING == waitMode)
        {
            consumeBlocking();
            return;
        }
        int idle = 0;
        while (true)
        {
            final Tick tick = handOff.poll();
            if (null != tick)
            {
                onEvent(tick);
                idle = 0;
            }
            else if (!running)
            {
                return;
            }
            else
            {
                idle = idle(idle);
            }
        }
    }

    @Override
    public void halt()
    {
        running = false;
    }

    private void consumeBlocking()
    {
        while (true)
        {
            final Tick tick;
            try
            {
                tick = handOff.poll(BLOCKING_POLL_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            if (null != tick)
            {
                onEvent(tick);
            }
            else if (!running)
            {
                return;
            }
        }
    }

    private void onEvent(final Tick tick)
    {
        consumer.onEvent(tick);
        pool.offer(tick);
    }

    private int idle(final int idle)
    {
        switch (waitMode)
        {
            case BUSY_SPIN:
                Thread.onSpinWait();
                return idle;

            case YIELDING:
                if (idle < SPIN_TRIES)
                {
                    return idle + 1;
                }
                Thread.yield();
                return idle;

            default:
                if (idle < SPIN_TRIES)
                {
                    return idle + 1;
                }
                if (idle < SPIN_TRIES + YIELD_TRIES)
                {
                    Thread.yield();
                    return idle + 1;
                }
                LockSupport.parkNanos(SLEEP_NS);
                return idle;
        }
    }

    private static int waitMode(final String wait)
    {
        switch (wait)
        {
            case "busy-spin":
                return BUSY_SPIN;
            case "yielding":
                return YIELDING;
            case "sleeping":
                return SLEEPING;
            case "blocking":
                return BLOCKING;
            default:
                throw new IllegalArgumentException("unknown wait strategy '" + wait + "'");
        }
    }
}
