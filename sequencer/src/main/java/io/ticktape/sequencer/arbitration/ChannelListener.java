package io.ticktape.sequencer.arbitration;

/**
 * Told what an arbitrator decides about its channel. Called on the feed thread.
 */
public interface ChannelListener
{
    /**
     * Line sequence numbers {@code fromLineSeq..toLineSeq} (inclusive) arrived on no line within the window.
     *
     * @param channelId   the channel.
     * @param fromLineSeq first missing number.
     * @param toLineSeq   last missing number.
     * @param detectedNs  when the window gave up on them (nanoTime).
     */
    void onGap(int channelId, long fromLineSeq, long toLineSeq, long detectedNs);

    /**
     * The channel went silent for longer than allowed, or delivered again after being silent.
     *
     * @param channelId   the channel.
     * @param stale       true when it went silent.
     * @param lastLineSeq last line sequence number passed on.
     * @param silentNs    how long it had been silent.
     */
    void onChannelStatus(int channelId, boolean stale, long lastLineSeq, long silentNs);

    /**
     * The channel's line sequence restarted at 1 (CME: start of the week).
     *
     * @param channelId the channel.
     */
    default void onReset(final int channelId)
    {
    }
}
