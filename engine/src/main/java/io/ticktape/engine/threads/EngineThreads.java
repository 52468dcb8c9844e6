package io.ticktape.engine.threads;

import net.openhft.affinity.AffinityLock;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the engine's threads, named by role ({@code ticktape-kernel}, ...), and keeps them so the engine can
 * join them on close. With a CPU list, each new thread is pinned to the next CPU with OpenHFT Affinity, and the log
 * says which thread got which CPU, or that pinning was not possible.
 */
public final class EngineThreads
{
    private static final Logger LOG = System.getLogger(EngineThreads.class.getName());

    private final List<Integer> cpus;
    private final AtomicInteger nextCpu = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param cpus CPUs to pin to, in thread creation order; empty for no pinning.
     */
    public EngineThreads(final List<Integer> cpus)
    {
        this.cpus = List.copyOf(cpus);
    }

    /**
     * A factory whose threads take their role names in order; threads past the last name are numbered.
     *
     * @param roles e.g. {@code kernel, journal, publisher} for the ring's consumers, which start in that order.
     * @return the factory.
     */
    public ThreadFactory factory(final String... roles)
    {
        final AtomicInteger count = new AtomicInteger();
        return runnable ->
        {
            final int index = count.getAndIncrement();
            return newThread(index < roles.length ? roles[index] : roles[roles.length - 1] + "-" + index, runnable);
        };
    }

    /**
     * @param role     thread name suffix.
     * @param runnable what it runs.
     * @return a new, unstarted thread.
     */
    public synchronized Thread newThread(final String role, final Runnable runnable)
    {
        final String name = "ticktape-" + role;
        final int index = nextCpu.getAndIncrement();
        final Integer cpu = index < cpus.size() ? cpus.get(index) : null;
        final Thread thread = new Thread(() -> runPinned(name, cpu, runnable), name);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /**
     * Wait for every thread created here to end.
     *
     * @param timeoutMs how long to wait in all.
     * @return true if all ended.
     */
    public boolean join(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final List<Thread> copy;
        synchronized (this)
        {
            copy = new ArrayList<>(threads);
        }
        for (final Thread thread : copy)
        {
            final long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            try
            {
                thread.join(Math.max(1, remainingMs));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
            if (thread.isAlive())
            {
                return false;
            }
        }
        return true;
    }

    private static void runPinned(final String name, final Integer cpu, final Runnable runnable)
    {
        if (null == cpu)
        {
            runnable.run();
            return;
        }
        AffinityLock lock = null;
        try
        {
            // The array form asks for exactly this cpu; acquireLock(int) reads 0 as "any" and may fall back.
            lock = AffinityLock.acquireLock(new int[]{ cpu });
            if (lock.isBound() && lock.cpuId() == cpu)
            {
                LOG.log(Level.INFO, "{0} pinned to cpu {1}", name, cpu);
            }
            else
            {
                // Bound elsewhere (or nowhere): release it rather than share a cpu nobody asked for.
                lock.release();
                lock = null;
                LOG.log(Level.WARNING, "{0}: pinning to cpu {1} not possible here, running unpinned", name, cpu);
            }
        }
        catch (final RuntimeException | LinkageError ex)
        {
            LOG.log(Level.WARNING, "{0}: pinning to cpu {1} failed ({2}), running unpinned", name, cpu, ex.toString());
        }
        try
        {
            runnable.run();
        }
        finally
        {
            if (null != lock)
            {
                lock.release();
            }
        }
    }
}
