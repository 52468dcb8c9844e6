package io.ticktape.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting in tests for something another thread does: a condition checked every few milliseconds until it holds or
 * a deadline passes. The caller asserts the outcome afterwards, so a timeout fails with the test's own message.
 */
public final class Await
{
    private static final long CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await()
    {
    }

    /**
     * @param condition what to wait for.
     * @param timeout   longest wait.
     * @param unit      of the timeout.
     * @return whether the condition held in time.
     */
    public static boolean until(final BooleanSupplier condition, final long timeout, final TimeUnit unit)
    {
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            LockSupport.parkNanos(CHECK_INTERVAL_NS);
            if (Thread.currentThread().isInterrupted())
            {
                return condition.getAsBoolean();
            }
        }
        return true;
    }
}
