package io.ticktape.feed.sim;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.feed.transport.PacketSource;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The simulator as a packet source. Frames are released at the pace of their exchange timestamps (so arrivals keep
 * the simulator's Poisson bursts), or as fast as the feed thread polls when unpaced. Optionally stops after a number
 * of messages, on a frame boundary.
 */
public final class SimulatorSource implements PacketSource
{
    private final MarketSimulator simulator;
    private final NanoClock clock;
    private final boolean paced;
    private final long maxMessages;
    private final int channelId;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[MarketSimulator.maxFrameLength()]);
    private int frameLength;
    private long firstFrameTimeNs;
    private long startNs;
    private boolean started;
    private volatile boolean done;

    /**
     * @param simulator   the market.
     * @param channelId   channel the simulator writes into its frames.
     * @param clock       for pacing and receive timestamps.
     * @param paced       true to follow exchange time, false for as fast as possible.
     * @param maxMessages stop after this many messages; 0 for never.
     */
    public SimulatorSource(
        final MarketSimulator simulator,
        final int channelId,
        final NanoClock clock,
        final boolean paced,
        final long maxMessages)
    {
        this.simulator = simulator;
        this.channelId = channelId;
        this.clock = clock;
        this.paced = paced;
        this.maxMessages = maxMessages;
    }

    @Override
    public int poll(final PacketDecoder decoder, final int limit)
    {
        if (done)
        {
            return 0;
        }
        long nowNs = clock.nanoTime();
        if (!started)
        {
            started = true;
            frameLength = simulator.nextFrame(frame, 0);
            firstFrameTimeNs = simulator.frameTimeNs();
            startNs = nowNs;
        }
        int delivered = 0;
        while (delivered < limit)
        {
            if (paced && simulator.frameTimeNs() - firstFrameTimeNs > nowNs - startNs)
            {
                break;
            }
            decoder.onPacket(frame, 0, frameLength, nowNs, channelId);
            delivered++;
            if (maxMessages > 0 && simulator.messagesGenerated() >= maxMessages)
            {
                done = true;
                break;
            }
            frameLength = simulator.nextFrame(frame, 0);
            nowNs = clock.nanoTime();
        }
        return delivered;
    }

    @Override
    public boolean isDone()
    {
        return done;
    }

    @Override
    public String name()
    {
        return "simulator";
    }

    @Override
    public void close()
    {
    }
}
