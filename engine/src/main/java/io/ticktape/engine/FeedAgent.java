package io.ticktape.engine;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.feed.transport.PacketSource;
import io.ticktape.sequencer.Sequencer;
import io.ticktape.sequencer.arbitration.ArbitratingDecoder;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import java.util.List;

/**
 * The feed thread: polls every packet source in turn, each into its format's decoder, all of which drive the one
 * sequencer. One thread for all feeds keeps the ring's single producer; a source's poll limit keeps one busy line
 * from starving the others. Every {@code timerIntervalNs}, when a poll of every source found nothing, it asks the
 * sequencer for a timer tick ({@link Sequencer#onTimer}), which moves the kernel's clock on while the market is quiet.
 */
final class FeedAgent implements Agent
{
    private static final int POLL_LIMIT = 64;

    private final PacketSource[] sources;
    private final PacketDecoder[] decoders;
    private final ArbitratingDecoder[] arbitrators;
    private final NanoClock clock;
    private final Sequencer sequencer;
    private final long timerIntervalNs;
    private final long timerGraceNs;
    private long nextTimerNs;
    private volatile boolean done;

    FeedAgent(
        final List<PacketSource> sources,
        final List<PacketDecoder> decoders,
        final List<ArbitratingDecoder> arbitrators,
        final NanoClock clock,
        final Sequencer sequencer,
        final long timerIntervalNs,
        final long timerGraceNs)
    {
        this.sequencer = sequencer;
        this.timerIntervalNs = timerIntervalNs;
        this.timerGraceNs = timerGraceNs;
        nextTimerNs = clock.nanoTime() + timerIntervalNs;
        this.sources = sources.toArray(new PacketSource[0]);
        this.decoders = decoders.toArray(new PacketDecoder[0]);
        this.arbitrators = arbitrators.toArray(new ArbitratingDecoder[0]);
        this.clock = clock;
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (arbitrators.length > 0 && !done)
        {
            final long nowNs = clock.nanoTime();
            for (final ArbitratingDecoder arbitrator : arbitrators)
            {
                work += arbitrator.onTimer(nowNs);
            }
        }
        boolean allDone = sources.length > 0;
        int sourceWork = 0;
        for (int i = 0; i < sources.length; i++)
        {
            sourceWork += sources[i].poll(decoders[i], POLL_LIMIT);
            allDone &= sources[i].isDone();
        }
        work += sourceWork;
        if (timerIntervalNs > 0 && 0 == sourceWork)
        {
            // The kernel's clock for quiet markets: ticks carry exchange time, the timer carries it on in silences.
            // Only when no source had anything: after this thread was descheduled, data waiting in a source is not
            // a silence, and a timer then would run the clock ahead of the ticks still to come.
            final long nowNs = clock.nanoTime();
            if (nowNs - nextTimerNs >= 0)
            {
                nextTimerNs = nowNs + timerIntervalNs;
                work += sequencer.onTimer(nowNs, timerGraceNs);
            }
        }
        if (allDone && !done)
        {
            // End of every capture: nothing more can fill a hole, so whatever waits in a window goes now.
            final long nowNs = clock.nanoTime();
            for (final ArbitratingDecoder arbitrator : arbitrators)
            {
                work += arbitrator.onEndOfStream(nowNs);
            }
            done = true;
        }
        return work;
    }

    /**
     * @return true once every source is exhausted (captures read, simulator at its limit).
     */
    boolean isDone()
    {
        return done;
    }

    @Override
    public void onClose()
    {
        for (final PacketSource source : sources)
        {
            CloseHelper.quietClose(source);
        }
    }

    @Override
    public String roleName()
    {
        return "feed";
    }
}
