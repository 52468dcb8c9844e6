package io.ticktape.engine;

import io.ticktape.feed.sim.MarketSimulator;
import io.ticktape.feed.ticktape.TicktapeFeedDecoder;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The feed thread of a simulated market: generates SBE frames and hands each one, with its receive timestamp, to
 * the feed decoder, which drives the sequencer. Frames are paced by their exchange timestamps (so arrivals keep the
 * simulator's Poisson bursts), or sent as fast as the ring takes them when unpaced.
 */
final class SimulatorFeedAgent implements Agent
{
    private static final int FRAMES_PER_DUTY_CYCLE = 64;

    private final MarketSimulator simulator;
    private final TicktapeFeedDecoder decoder;
    private final NanoClock clock;
    private final boolean paced;
    private final long maxMessages;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
    private int frameLength;
    private long firstFrameTimeNs;
    private long startNs;
    private volatile boolean done;

    SimulatorFeedAgent(
        final MarketSimulator simulator,
        final TicktapeFeedDecoder decoder,
        final NanoClock clock,
        final boolean paced,
        final long maxMessages)
    {
        this.simulator = simulator;
        this.decoder = decoder;
        this.clock = clock;
        this.paced = paced;
        this.maxMessages = maxMessages;
    }

    @Override
    public void onStart()
    {
        frameLength = simulator.nextFrame(frame, 0);
        firstFrameTimeNs = simulator.frameTimeNs();
        startNs = clock.nanoTime();
    }

    @Override
    public int doWork()
    {
        if (done)
        {
            return 0;
        }
        int work = 0;
        long nowNs = clock.nanoTime();
        while (work < FRAMES_PER_DUTY_CYCLE)
        {
            if (paced && simulator.frameTimeNs() - firstFrameTimeNs > nowNs - startNs)
            {
                break;
            }
            decoder.onFrame(frame, 0, frameLength, nowNs);
            work++;
            if (maxMessages > 0 && simulator.messagesGenerated() >= maxMessages)
            {
                done = true;
                break;
            }
            frameLength = simulator.nextFrame(frame, 0);
            nowNs = clock.nanoTime();
        }
        return work;
    }

    /**
     * @return true once the message limit was reached.
     */
    boolean isDone()
    {
        return done;
    }

    @Override
    public String roleName()
    {
        return "feed-sim";
    }
}
