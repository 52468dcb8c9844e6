package io.ticktape.replay;

import io.aeron.AeronCounters;
import io.aeron.Publication;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.status.CountersReader;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until every subscriber of a publication has read all of it, from the driver's subscriber position counters:
 * a replay that ends must not take its (embedded) media driver away while a subscriber is still reading.
 */
public final class SubscriberDrain
{
    private SubscriberDrain()
    {
    }

    /**
     * @param counters    the driver's counters ({@code aeron.countersReader()}).
     * @param publication the finished publication.
     * @param timeoutNs   longest wait.
     * @return true if every subscriber still there has caught up (or none is left).
     */
    public static boolean await(final CountersReader counters, final Publication publication, final long timeoutNs)
    {
        final long target = publication.position();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (true)
        {
            final IntArrayList ids = new IntArrayList();
            counters.forEach((counterId, typeId, keyBuffer, label) ->
            {
                // Stream position keys: registration id (long), session id (int), stream id (int), channel.
                if (typeId == AeronCounters.DRIVER_SUBSCRIBER_POSITION_TYPE_ID &&
                    keyBuffer.getInt(8) == publication.sessionId() && keyBuffer.getInt(12) == publication.streamId())
                {
                    ids.addInt(counterId);
                }
            });
            boolean behind = false;
            for (int i = 0; i < ids.size(); i++)
            {
                final int id = ids.getInt(i);
                if (counters.getCounterState(id) == CountersReader.RECORD_ALLOCATED &&
                    counters.getCounterValue(id) < target)
                {
                    behind = true;
                }
            }
            if (!behind)
            {
                return true;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
