package io.ticktape.feed.sim;

import io.ticktape.feed.PacketDecoder;
import io.ticktape.feed.transport.PacketSource;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

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
    private final int lines;
    private final double lineLoss;
    private final SplittableRandom lossRandom;
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
        this(simulator, channelId, clock, paced, maxMessages, 1, 0, 0);
    }

    /**
     * A simulated exchange that publishes every frame on several lines (A, B, ...), each losing frames
     * independently, so that line arbitration has work to do.
     *
     * @param simulator   the market.
     * @param channelId   channel the simulator writes into its frames.
     * @param clock       for pacing and receive timestamps.
     * @param paced       true to follow exchange time, false for as fast as possible.
     * @param maxMessages stop after this many messages; 0 for never.
     * @param lines       copies of each frame, 1 or more.
     * @param lineLoss    probability that a line loses a frame, each line independently, in [0, 1).
     * @param lossSeed    seed for the losses, so runs repeat.
     */
    public SimulatorSource(
        final MarketSimulator simulator,
        final int channelId,
        final NanoClock clock,
        final boolean paced,
        final long maxMessages,
        final int lines,
        final double lineLoss,
        final long lossSeed)
    {
        if (lines < 1 || !(lineLoss >= 0 && lineLoss < 1))
        {
            throw new IllegalArgumentException("need at least one line and a loss in [0, 1): " + lines + ", " +
                lineLoss);
        }
        this.simulator = simulator;
        this.channelId = channelId;
        this.clock = clock;
        this.paced = paced;
        this.maxMessages = maxMessages;
        this.lines = lines;
        this.lineLoss = lineLoss;
        this.lossRandom = new SplittableRandom(lossSeed);
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
            for (int line = 0; line < lines; line++)
            {
                if (0 == lineLoss || lossRandom.nextDouble() >= lineLoss)
                {
                    decoder.onPacket(frame, 0, frameLength, nowNs, channelId);
                }
            }
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
