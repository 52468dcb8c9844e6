package io.ticktape.replay;

import io.ticktape.protocol.sbe.ReplayAction;

/**
 * What a {@link ReplayControlAdapter} decodes from the control stream.
 */
public interface ReplayControlListener
{
    /**
     * @param correlationId to answer with.
     * @param replayId      the replay addressed, 0 for every replay.
     * @param action        what to do.
     * @param value         STEP: ticks; SEEK_TIME: epoch ns; SEEK_SEQ: global sequence.
     * @param speed         SPEED: the factor, 0 for max.
     */
    void onControl(long correlationId, int replayId, ReplayAction action, long value, double speed);

    /**
     * A replay-merge request: replay the journal from a global sequence onto a replay stream.
     *
     * @param correlationId   to answer with.
     * @param fromSeq         first global sequence.
     * @param toSeq           last, inclusive; 0 to follow the journal until stopped.
     * @param replayStreamId  stream to publish on.
     * @param replaySessionId session id for the publication, and the replay's id.
     */
    default void onRequest(
        final long correlationId, final long fromSeq, final long toSeq, final int replayStreamId,
        final int replaySessionId)
    {
    }
}
