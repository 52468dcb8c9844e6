package io.ticktape.feed;

import io.ticktape.protocol.tick.Tick;

/**
 * Receives what a feed handler decoded, frame by frame. Implemented by the sequencer.
 */
public interface MarketDataHandler
{
    /**
     * A frame (packet) starts. Its ticks follow through {@link #onTick(Tick)} only if this returns true.
     *
     * @param channelId     channel the frame belongs to.
     * @param lineSeq       the frame's sequence number on its channel.
     * @param sendingTimeNs exchange send time, epoch ns.
     * @param receiveNs     when this host received the frame (nanoTime).
     * @return true to receive the frame's ticks, false to drop them (a duplicate, for example).
     */
    boolean onFrame(int channelId, long lineSeq, long sendingTimeNs, long receiveNs);

    /**
     * A normalized tick from the current frame. The tick is a flyweight reused for the next one: copy what you keep.
     *
     * @param tick decoded tick, with channel, line sequence and receive time filled in.
     */
    void onTick(Tick tick);
}
