package io.ticktape.engine.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT/SIGTERM) into a flag the command polls, and holds the JVM's exit until the command has
 * finished its orderly shutdown (ring drained, journal flushed), for at most {@link #GRACE_MS}.
 */
final class StopSignal implements AutoCloseable
{
    private static final long GRACE_MS = 30_000;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean raised;

    StopSignal()
    {
        hook = new Thread(() ->
        {
            raised = true;
            try
            {
                finished.await(GRACE_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "ticktape-stop-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean raised()
    {
        return raised;
    }

    @Override
    public void close()
    {
        finished.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // Already shutting down: the hook is running and has just been released.
        }
    }
}
