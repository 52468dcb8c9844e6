package io.ticktape.client;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Offers encoded messages to one Aeron publication from one thread.
 * <p>
 * Back-pressure: while the publication is back-pressured (a subscriber is behind) the offer is retried with the
 * idle strategy for at most {@code backPressureTimeoutNs}; past that the message is dropped and counted, so one
 * stalled subscriber cannot stop the pipeline for ever. With no subscriber connected, messages are counted as
 * unsubscribed and not retried: there is nobody to lose them.
 */
public final class PublicationProxy
{
    private final Publication publication;
    private final IdleStrategy idleStrategy;
    private final NanoClock clock;
    private final long backPressureTimeoutNs;
    private final AtomicCounter published;
    private final AtomicCounter backPressureDrops;
    private final AtomicCounter unsubscribed;

    /**
     * @param publication           to offer to.
     * @param idleStrategy          between retries.
     * @param clock                 for the retry deadline.
     * @param backPressureTimeoutNs longest time to retry one message.
     * @param published             counts messages offered successfully.
     * @param backPressureDrops     counts messages dropped after the timeout or on a closed publication.
     * @param unsubscribed          counts messages not sent because no subscriber was connected.
     */
    public PublicationProxy(
        final Publication publication,
        final IdleStrategy idleStrategy,
        final NanoClock clock,
        final long backPressureTimeoutNs,
        final AtomicCounter published,
        final AtomicCounter backPressureDrops,
        final AtomicCounter unsubscribed)
    {
        this.publication = publication;
        this.idleStrategy = idleStrategy;
        this.clock = clock;
        this.backPressureTimeoutNs = backPressureTimeoutNs;
        this.published = published;
        this.backPressureDrops = backPressureDrops;
        this.unsubscribed = unsubscribed;
    }

    /**
     * Offer one message.
     *
     * @param buffer holding the message.
     * @param offset where it starts.
     * @param length of the message.
     * @return true if published.
     */
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        long result = publication.offer(buffer, offset, length);
        if (result > 0)
        {
            published.incrementRelease();
            return true;
        }
        if (result == Publication.NOT_CONNECTED)
        {
            unsubscribed.incrementRelease();
            return false;
        }

        final long deadlineNs = clock.nanoTime() + backPressureTimeoutNs;
        idleStrategy.reset();
        while (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            if (clock.nanoTime() - deadlineNs > 0)
            {
                break;
            }
            idleStrategy.idle();
            result = publication.offer(buffer, offset, length);
        }

        if (result > 0)
        {
            published.incrementRelease();
            return true;
        }
        if (result == Publication.NOT_CONNECTED)
        {
            unsubscribed.incrementRelease();
        }
        else
        {
            backPressureDrops.incrementRelease();
        }
        return false;
    }

    /**
     * @return the publication, e.g. to check {@link Publication#isConnected()}.
     */
    public Publication publication()
    {
        return publication;
    }
}
