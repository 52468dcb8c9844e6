package io.ticktape.engine;

import io.aeron.Subscription;
import io.ticktape.client.TicktapeListener;
import io.ticktape.client.TicktapeSubscriber;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * A trading system's view for end-to-end tests: polls the ticks and analytics streams through the public subscriber
 * API on a thread of its own until stopped; subclasses collect what they need in the listener callbacks.
 */
abstract class PollingCollector implements TicktapeListener
{
    private final TicktapeSubscriber subscriber = new TicktapeSubscriber(this);
    private volatile boolean stopped;
    private volatile long received;

    void pollUntilStopped(final Subscription ticks, final Subscription analytics)
    {
        final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
        while (!stopped)
        {
            final int work = subscriber.poll(ticks, 256) + subscriber.poll(analytics, 256);
            received = subscriber.received();
            idle.idle(work);
        }
    }

    long received()
    {
        return received;
    }

    void stop()
    {
        stopped = true;
    }
}
