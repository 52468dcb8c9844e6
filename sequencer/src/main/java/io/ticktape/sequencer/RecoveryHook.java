package io.ticktape.sequencer;

/**
 * Where gap recovery plugs in: a snapshot or replay request to the exchange's recovery service (CME: the market
 * recovery feed, or the TCP replay of MsgSeqNums). Called on the feed thread right after the gap event is on the
 * ring, so it must only start the recovery (send a request, flag a component), never wait for it.
 * <p>
 * While a channel is being recovered its data is incomplete: with {@code staleUntilRecovered}, the sequencer also
 * puts a STALE channel status on the ring after the gap, and ACTIVE when {@link Sequencer#onRecovered(int)} is called.
 */
@FunctionalInterface
public interface RecoveryHook
{
    /** Logs nothing and recovers nothing: gaps are reported, and the stream goes on. */
    RecoveryHook NONE = (channelId, fromLineSeq, toLineSeq) -> false;

    /**
     * Line sequence numbers {@code fromLineSeq..toLineSeq} were lost on every line.
     *
     * @param channelId   the channel.
     * @param fromLineSeq first missing number.
     * @param toLineSeq   last missing number.
     * @return true if a recovery was started and the channel is stale until {@link Sequencer#onRecovered(int)}.
     */
    boolean onGap(int channelId, long fromLineSeq, long toLineSeq);
}
