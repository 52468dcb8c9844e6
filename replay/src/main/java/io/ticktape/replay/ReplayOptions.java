package io.ticktape.replay;

import io.ticktape.client.Streams;

import java.util.Set;

/**
 * What a {@link Replayer} replays and how. Fluent; fields left alone keep their defaults: the whole journal, at max
 * speed, every instrument, ticks only, ending at the end of the journal.
 */
public final class ReplayOptions
{
    private ReplayPoint from;
    private ReplayPoint to;
    private double speed = ReplaySpeed.MAX;
    private Set<String> symbols;
    private boolean follow;
    private boolean definitions = true;
    private KernelFactory analytics;
    private int replayId;

    /**
     * @param from first tick to publish (null: the journal's first).
     * @return this.
     */
    public ReplayOptions from(final ReplayPoint from)
    {
        this.from = from;
        return this;
    }

    /**
     * @return first tick to publish, or null.
     */
    public ReplayPoint from()
    {
        return from;
    }

    /**
     * @param to last tick to publish, inclusive (null: until the end of the journal, or for ever when following).
     * @return this.
     */
    public ReplayOptions to(final ReplayPoint to)
    {
        this.to = to;
        return this;
    }

    /**
     * @return last tick to publish, or null.
     */
    public ReplayPoint to()
    {
        return to;
    }

    /**
     * @param speed factor of the recorded pace, {@link ReplaySpeed#MAX} for none.
     * @return this.
     */
    public ReplayOptions speed(final double speed)
    {
        this.speed = speed;
        return this;
    }

    /**
     * @return the speed.
     */
    public double speed()
    {
        return speed;
    }

    /**
     * @param symbols instruments to publish (null: all); gaps and channel status are always published.
     * @return this.
     */
    public ReplayOptions symbols(final Set<String> symbols)
    {
        this.symbols = symbols;
        return this;
    }

    /**
     * @return the symbols, or null for all.
     */
    public Set<String> symbols()
    {
        return symbols;
    }

    /**
     * @param follow at the end of the journal, wait for more (a journal still being written) until {@link #to()}.
     * @return this.
     */
    public ReplayOptions follow(final boolean follow)
    {
        this.follow = follow;
        return this;
    }

    /**
     * @return whether to follow the journal's tail.
     */
    public boolean follow()
    {
        return follow;
    }

    /**
     * @param definitions publish the instrument definitions journaled before {@link #from()} ahead of the first tick,
     *                    so prices can be read (true by default; replay-merge turns it off).
     * @return this.
     */
    public ReplayOptions definitions(final boolean definitions)
    {
        this.definitions = definitions;
        return this;
    }

    /**
     * @return whether earlier definitions are published first.
     */
    public boolean definitions()
    {
        return definitions;
    }

    /**
     * @param analytics run the ticks through a kernel from this factory and publish its outputs after each tick (null:
     *                  ticks only).
     * @return this.
     */
    public ReplayOptions analytics(final KernelFactory analytics)
    {
        this.analytics = analytics;
        return this;
    }

    /**
     * @return the kernel factory, or null.
     */
    public KernelFactory analytics()
    {
        return analytics;
    }

    /**
     * @param replayId the id control messages address this replay by (0 answers only to "every replay").
     * @return this.
     */
    public ReplayOptions replayId(final int replayId)
    {
        this.replayId = replayId;
        return this;
    }

    /**
     * @return the replay id.
     */
    public int replayId()
    {
        return replayId;
    }

    /**
     * @return the default replay stream.
     */
    public static int defaultStreamId()
    {
        return Streams.REPLAY_STREAM_ID;
    }
}
