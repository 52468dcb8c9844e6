package io.ticktape.perf.latency;

import net.openhft.affinity.AffinityLock;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Threads of a harness: named, daemon (a stuck hop must not keep the JVM alive), optionally pinned to a cpu with
 * OpenHFT Affinity, and able to tell how much they allocated.
 * <p>
 * Pinning asks for exactly the cpu given, with {@code AffinityLock.acquireLock(int[])}: in Affinity 2026.2
 * {@code acquireLock(int)} takes cpu 0 to mean "any cpu" and, for a cpu it cannot reserve, binds the thread to some
 * other one (asked for 0, it binds to 1 on a 2-cpu machine). A lock bound elsewhere than asked is released.
 */
final class HarnessThreads
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private HarnessThreads()
    {
    }

    /**
     * A new, unstarted thread that pins itself first when asked to, and says in {@code log} whether that worked.
     *
     * @param name the thread's name.
     * @param cpu  cpu to pin to, or -1 not to pin.
     * @param body what it runs.
     * @param log  receives one line about pinning (synchronized list).
     * @param tried counted down once pinning was tried (at once when not pinning), so that threads can be pinned
     *              one after the other.
     * @return the thread.
     */
    static Thread newThread(
        final String name, final int cpu, final Runnable body, final List<String> log, final CountDownLatch tried)
    {
        final Thread thread = new Thread(() -> runPinned(name, cpu, body, log, tried), name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * @return bytes allocated by the calling thread so far, or -1 where the JVM cannot tell.
     */
    static long allocatedBytes()
    {
        if (THREADS instanceof com.sun.management.ThreadMXBean)
        {
            return ((com.sun.management.ThreadMXBean)THREADS).getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    private static void runPinned(
        final String name, final int cpu, final Runnable body, final List<String> log, final CountDownLatch tried)
    {
        if (cpu < 0)
        {
            tried.countDown();
            body.run();
            return;
        }
        AffinityLock lock = null;
        try
        {
            lock = AffinityLock.acquireLock(new int[] { cpu });
            if (lock.isBound() && lock.cpuId() == cpu)
            {
                log.add(name + ": pinned to cpu " + cpu);
            }
            else
            {
                log.add(name + ": NOT pinned, cpu " + cpu + " could not be acquired (" +
                    (lock.isBound() ? "offered cpu " + lock.cpuId() + " instead" : "no lock") + "); running unpinned");
                lock.release();
                lock = null;
            }
        }
        catch (final RuntimeException | LinkageError ex)
        {
            log.add(name + ": NOT pinned to cpu " + cpu + " (" + ex + "); running unpinned");
        }
        tried.countDown();
        try
        {
            body.run();
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
