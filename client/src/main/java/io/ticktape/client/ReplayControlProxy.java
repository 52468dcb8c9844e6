package io.ticktape.client;

import io.aeron.Publication;
import io.ticktape.protocol.sbe.MessageHeaderEncoder;
import io.ticktape.protocol.sbe.ReplayAction;
import io.ticktape.protocol.sbe.ReplayControlEncoder;
import io.ticktape.protocol.sbe.ReplayRequestEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sends replay controls and replay requests on the control stream ({@link Streams#REPLAY_CONTROL_STREAM_ID}):
 * pause, resume, step, speed, seek and stop a running replay, or ask an engine to replay its journal from a global
 * sequence (replay-merge). Reuses one buffer; one thread.
 */
public final class ReplayControlProxy
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ReplayControlEncoder control = new ReplayControlEncoder();
    private final ReplayRequestEncoder request = new ReplayRequestEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final Publication publication;

    /**
     * @param publication on the control stream.
     */
    public ReplayControlProxy(final Publication publication)
    {
        this.publication = publication;
    }

    /**
     * @param correlationId echoed in the status that answers.
     * @param replayId      the replay addressed, 0 for every replay.
     * @param action        what to do.
     * @param value         STEP: ticks; SEEK_TIME: epoch ns; SEEK_SEQ: global sequence.
     * @param speed         SPEED: factor of the recorded pace, 0 for max.
     * @return the offer's result: positive if sent.
     */
    public long control(
        final long correlationId, final int replayId, final ReplayAction action, final long value, final double speed)
    {
        control.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .replayId(replayId)
            .action(action)
            .value(value)
            .speed(speed);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + control.encodedLength());
    }

    /**
     * @param correlationId   echoed in the status that answers.
     * @param fromSeq         first global sequence to replay.
     * @param toSeq           last, inclusive; 0 to follow the journal until stopped.
     * @param replayStreamId  stream to replay on.
     * @param replaySessionId session id of the replay publication (subscribe with {@code session-id} in the channel).
     * @return the offer's result: positive if sent.
     */
    public long request(
        final long correlationId, final long fromSeq, final long toSeq, final int replayStreamId,
        final int replaySessionId)
    {
        request.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .fromSeq(fromSeq)
            .toSeq(toSeq)
            .replayStreamId(replayStreamId)
            .replaySessionId(replaySessionId);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength());
    }

    /**
     * @return the publication.
     */
    public Publication publication()
    {
        return publication;
    }
}
