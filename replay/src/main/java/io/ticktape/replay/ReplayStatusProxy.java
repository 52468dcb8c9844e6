package io.ticktape.replay;

import io.aeron.Publication;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.ReplayStatusEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Publishes a replay's {@code ReplayStatus} on the control stream. Best effort: a status nobody reads is dropped.
 */
public final class ReplayStatusProxy
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ReplayStatusEncoder status = new ReplayStatusEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final Publication publication;

    /**
     * @param publication the control stream.
     */
    public ReplayStatusProxy(final Publication publication)
    {
        this.publication = publication;
    }

    /**
     * @param correlationId of the control answered, 0 if none.
     * @param replayer      whose status to send.
     * @return true if published.
     */
    public boolean send(final long correlationId, final Replayer replayer)
    {
        status.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .replayId(replayer.options().replayId())
            .state(replayer.state())
            .speed(replayer.speed())
            .lastSeq(replayer.lastSeq())
            .lastTimeNs(replayer.lastTimeNs())
            .ticks(replayer.ticks())
            .corruptExcerpts(replayer.corruptExcerpts());
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (publication.offer(buffer, 0, length) > 0)
            {
                return true;
            }
        }
        return false;
    }
}
