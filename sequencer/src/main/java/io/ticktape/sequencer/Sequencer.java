package io.ticktape.sequencer;

import com.lmax.disruptor.RingBuffer;
import io.ticktape.feed.MarketDataHandler;
import io.ticktape.protocol.tick.TickType;
import io.ticktape.sequencer.arbitration.ChannelListener;
import io.ticktape.protocol.status.Counters;
import io.ticktape.protocol.tick.Tick;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The single producer of the ring. For every frame it checks the channel's line sequence (a repeat is a duplicate
 * and dropped; a jump forward is a gap, counted and logged); every tick of an accepted frame gets the next global
 * sequence number and a sequenced timestamp and is published to the ring.
 * <p>
 * Global sequence numbers are dense and start after {@code lastGlobalSeq}, which the engine recovers from the
 * journal so they are never reused across restarts. Not thread safe: one feed thread calls it.
 */
public final class Sequencer implements MarketDataHandler, ChannelListener
{
    private static final Logger LOG = System.getLogger(Sequencer.class.getName());
    private static final int CHANNELS = 1 << 16;

    private final RingBuffer<Tick> ring;
    private final NanoClock clock;
    private final long[] expectedLineSeq = new long[CHANNELS];
    private final boolean[] seen = new boolean[CHANNELS];
    private final GapLog gapLog = new GapLog(1024);
    private final boolean[] recovering = new boolean[CHANNELS];
    private RecoveryHook recoveryHook = RecoveryHook.NONE;
    private final AtomicCounter sequenced;
    private final AtomicCounter lastSequenced;
    private final AtomicCounter duplicateFrames;
    private final AtomicCounter gaps;
    private final AtomicCounter gapFrames;
    private final AtomicCounter timers;
    private long globalSeq;
    private long frameSequencedNs;
    private long latestExchangeNs = Long.MIN_VALUE;
    private long latestExchangeAtNs;
    private long lastTimerNs = Long.MIN_VALUE;

    /**
     * @param ring          to publish to; this sequencer must be its only producer.
     * @param clock         for sequenced timestamps.
     * @param counters      where the sequencer's counters live.
     * @param lastGlobalSeq the last global sequence already used (0 for a new journal).
     */
    public Sequencer(
        final RingBuffer<Tick> ring, final NanoClock clock, final Counters counters, final long lastGlobalSeq)
    {
        this.ring = ring;
        this.clock = clock;
        this.globalSeq = lastGlobalSeq;
        sequenced = counters.newCounter("sequencer.ticks");
        lastSequenced = counters.newCounter("sequencer.last_global_seq");
        duplicateFrames = counters.newCounter("sequencer.duplicate_frames");
        gaps = counters.newCounter("sequencer.gaps");
        gapFrames = counters.newCounter("sequencer.gap_frames");
        timers = counters.newCounter("sequencer.timers");
        lastSequenced.setRelease(lastGlobalSeq);
    }

    @Override
    public boolean onFrame(final int channelId, final long lineSeq, final long sendingTimeNs, final long receiveNs)
    {
        final int channel = channelId & (CHANNELS - 1);
        final long expected = expectedLineSeq[channel];
        if (seen[channel])
        {
            // Line sequence numbers are unsigned 64-bit on the wire.
            final int order = Long.compareUnsigned(lineSeq, expected);
            if (order < 0)
            {
                duplicateFrames.incrementRelease();
                return false;
            }
            if (order > 0)
            {
                gaps.incrementRelease();
                gapFrames.getAndAddRelease(lineSeq - expected);
                gapLog.record(channel, expected, lineSeq - 1);
                LOG.log(Level.WARNING, "gap on channel {0}: line sequence {1} to {2} missing",
                    channel, expected, lineSeq - 1);
            }
        }
        seen[channel] = true;
        expectedLineSeq[channel] = lineSeq + 1;
        // One clock read per frame: its ticks are ordered in the same instant, and nanoTime is not free.
        frameSequencedNs = clock.nanoTime();
        return true;
    }

    @Override
    public void onTick(final Tick tick)
    {
        final long slot = ring.next();
        try
        {
            final Tick event = ring.get(slot);
            event.copyFrom(tick);
            event.globalSeq = ++globalSeq;
            event.sequencedNs = frameSequencedNs;
        }
        finally
        {
            ring.publish(slot);
        }
        if (tick.exchangeTimeNs > latestExchangeNs)
        {
            latestExchangeNs = tick.exchangeTimeNs;
            latestExchangeAtNs = frameSequencedNs;
        }
        sequenced.incrementRelease();
        lastSequenced.setRelease(globalSeq);
    }

    /**
     * Publish a {@link TickType#TIMER} tick carrying an estimate of exchange time, so the kernel closes bars and
     * reports stale instruments while the market is quiet. The estimate is the latest exchange time sequenced plus
     * the time elapsed since (on this host's clock) beyond {@code graceNs}: while ticks flow it is the latest exchange
     * time itself and no timer is published, so a timer never runs ahead of a live feed that merely lags the host's
     * clock (an unpaced simulator, a replay); only a silence longer than the grace moves time on. Nothing is published
     * before the first tick, or when the estimate has not moved since the last timer.
     * <p>
     * The timer takes no global sequence number: it carries the last one assigned (so outputs it causes name the last
     * tick before them). The journal keeps it (so a replay through the kernel sees it in its place); the ticks stream
     * skips it. Feed thread only.
     *
     * @param nowNs   this host's clock (nanoTime).
     * @param graceNs silence tolerated before time is estimated to move on, not negative.
     * @return 1 if a timer was published, else 0.
     */
    public int onTimer(final long nowNs, final long graceNs)
    {
        if (Long.MIN_VALUE == latestExchangeNs)
        {
            return 0;
        }
        final long silentNs = nowNs - latestExchangeAtNs;
        final long timeNs = latestExchangeNs + Math.max(0, silentNs - graceNs);
        if (timeNs <= lastTimerNs || timeNs <= latestExchangeNs)
        {
            return 0;
        }
        lastTimerNs = timeNs;
        final long slot = ring.next();
        try
        {
            final Tick event = ring.get(slot);
            event.type = TickType.TIMER;
            event.globalSeq = globalSeq;
            event.channelId = 0;
            event.lineSeq = 0;
            event.instrumentId = 0;
            event.exchangeTimeNs = timeNs;
            event.receiveNs = nowNs;
            event.sequencedNs = nowNs;
        }
        finally
        {
            ring.publish(slot);
        }
        timers.incrementRelease();
        return 1;
    }

    @Override
    public void onGap(final int channelId, final long fromLineSeq, final long toLineSeq, final long detectedNs)
    {
        final int channel = channelId & (CHANNELS - 1);
        gaps.incrementRelease();
        gapFrames.getAndAddRelease(toLineSeq - fromLineSeq + 1);
        gapLog.record(channel, fromLineSeq, toLineSeq);
        LOG.log(Level.WARNING, "gap on channel {0}: line sequence {1} to {2} lost on every line",
            channel, fromLineSeq, toLineSeq);
        seen[channel] = true;
        expectedLineSeq[channel] = toLineSeq + 1;

        final long slot = ring.next();
        try
        {
            final Tick event = ring.get(slot);
            event.type = TickType.GAP;
            event.globalSeq = ++globalSeq;
            event.channelId = channel;
            event.lineSeq = fromLineSeq;
            event.gapToLineSeq = toLineSeq;
            event.eventNs = detectedNs;
            event.receiveNs = detectedNs;
            event.sequencedNs = clock.nanoTime();
            event.instrumentId = 0;
            event.exchangeTimeNs = 0;
        }
        finally
        {
            ring.publish(slot);
        }
        sequenced.incrementRelease();
        lastSequenced.setRelease(globalSeq);

        if (recoveryHook.onGap(channel, fromLineSeq, toLineSeq) && !recovering[channel])
        {
            recovering[channel] = true;
            onChannelStatus(channel, true, toLineSeq, 0);
        }
    }

    /**
     * The recovery started for a channel's gap has completed: the channel is active again. Feed thread only.
     *
     * @param channelId the channel.
     */
    public void onRecovered(final int channelId)
    {
        final int channel = channelId & (CHANNELS - 1);
        if (recovering[channel])
        {
            recovering[channel] = false;
            onChannelStatus(channel, false, expectedLineSeq[channel] - 1, 0);
        }
    }

    /**
     * @param hook called for every gap; {@link RecoveryHook#NONE} by default.
     * @return this.
     */
    public Sequencer recoveryHook(final RecoveryHook hook)
    {
        this.recoveryHook = hook;
        return this;
    }

    @Override
    public void onChannelStatus(final int channelId, final boolean stale, final long lastLineSeq, final long silentNs)
    {
        final int channel = channelId & (CHANNELS - 1);
        LOG.log(Level.WARNING, "channel {0} {1} after line sequence {2} ({3} ms silent)",
            channel, stale ? "is stale" : "is active again", lastLineSeq, silentNs / 1_000_000);
        final long slot = ring.next();
        try
        {
            final Tick event = ring.get(slot);
            event.type = TickType.CHANNEL_STATUS;
            event.globalSeq = ++globalSeq;
            event.channelId = channel;
            event.lineSeq = lastLineSeq;
            event.channelStale = stale;
            event.eventNs = silentNs;
            event.sequencedNs = clock.nanoTime();
            event.receiveNs = event.sequencedNs;
            event.instrumentId = 0;
            event.exchangeTimeNs = 0;
        }
        finally
        {
            ring.publish(slot);
        }
        sequenced.incrementRelease();
        lastSequenced.setRelease(globalSeq);
    }

    @Override
    public void onReset(final int channelId)
    {
        // The arbitrator saw the channel restart at 1: the next frame starts it afresh here too.
        seen[channelId & (CHANNELS - 1)] = false;
    }

    /**
     * @return the gaps declared so far (for summaries; read after the feed stops).
     */
    public GapLog gapLog()
    {
        return gapLog;
    }

    /**
     * @return the last global sequence number assigned.
     */
    public long lastGlobalSeq()
    {
        return globalSeq;
    }
}
