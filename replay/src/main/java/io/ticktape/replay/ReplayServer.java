package io.ticktape.replay;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.ticktape.protocol.sbe.ReplayAction;
import io.ticktape.store.Journal;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine's side of replay-merge: answers ReplayRequests on the control stream by replaying the journal from the
 * asked global sequence onto the asked replay stream, as a publication with the asked session id (so a client
 * subscribes to exactly its replay with {@code session-id} in the channel, as with Aeron Archive). A replay without
 * an end follows the journal as the engine writes it, until a ReplayControl STOP for its id, or until its subscriber
 * has gone for {@link #LINGER_NS}.
 * <p>
 * One agent for every session, on a thread of its own in the engine, off the tick path: it reads the journal's files
 * through its own read-only queue, never the ring.
 */
public final class ReplayServer implements Agent, ReplayControlListener
{
    /** How long a session waits for its subscriber, at first or after it left, before it ends. */
    public static final long LINGER_NS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = System.getLogger(ReplayServer.class.getName());

    private final Aeron aeron;
    private final String channel;
    private final Path dataDir;
    private final String rollCycle;
    private final NanoClock clock;
    private final ReplayControlAdapter adapter;
    private final Subscription control;
    private final ReplayStatusProxy statusProxy;
    private final Publication statusPublication;
    private final List<Session> sessions = new ArrayList<>();

    /**
     * @param aeron           client of the engine's driver.
     * @param channel         channel replays are published on (the engine's).
     * @param controlStreamId control stream.
     * @param dataDir         the engine's data directory.
     * @param rollCycle       the journal's roll cycle.
     * @param clock           for envelopes and lingering.
     */
    public ReplayServer(
        final Aeron aeron, final String channel, final int controlStreamId, final Path dataDir, final String rollCycle,
        final NanoClock clock)
    {
        this.aeron = aeron;
        this.channel = channel;
        this.dataDir = dataDir;
        this.rollCycle = rollCycle;
        this.clock = clock;
        this.control = aeron.addSubscription(channel, controlStreamId);
        this.statusPublication = aeron.addPublication(channel, controlStreamId);
        this.statusProxy = new ReplayStatusProxy(statusPublication);
        this.adapter = new ReplayControlAdapter(control, this);
    }

    @Override
    public String roleName()
    {
        return "replay-server";
    }

    @Override
    public int doWork()
    {
        int work = adapter.poll();
        final long nowNs = clock.nanoTime();
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.get(i);
            work += session.replayer.doWork();
            if (session.replayer.isConnected())
            {
                session.lastConnectedNs = nowNs;
            }
            if (session.replayer.isDone() || nowNs - session.lastConnectedNs > LINGER_NS)
            {
                LOG.log(Level.INFO, "replay {0} ended after {1} ticks (last seq {2})",
                    session.replayer.options().replayId(), session.replayer.ticks(), session.replayer.lastSeq());
                sessions.remove(i);
                session.close();
            }
        }
        return work;
    }

    @Override
    public void onRequest(
        final long correlationId, final long fromSeq, final long toSeq, final int replayStreamId,
        final int replaySessionId)
    {
        for (final Session session : sessions)
        {
            if (session.replayer.options().replayId() == replaySessionId)
            {
                return; // a repeated request
            }
        }
        final ChannelUri uri = ChannelUri.parse(channel);
        uri.put(CommonContext.SESSION_ID_PARAM_NAME, Integer.toString(replaySessionId));
        final ExclusivePublication publication = aeron.addExclusivePublication(uri.toString(), replayStreamId);
        final ReplayOptions options = new ReplayOptions()
            .from(ReplayPoint.seq(Math.max(1, fromSeq)))
            .to(toSeq > 0 ? ReplayPoint.seq(toSeq) : null)
            .follow(true)
            .definitions(false)
            .replayId(replaySessionId);
        final Replayer replayer = new Replayer(Journal.open(dataDir, rollCycle, true), options, publication, clock);
        sessions.add(new Session(replayer, publication, clock.nanoTime()));
        LOG.log(Level.INFO, "replay {0}: from seq {1} to {2} on {3} stream {4}", replaySessionId, fromSeq,
            toSeq > 0 ? Long.toString(toSeq) : "live", uri, replayStreamId);
        statusProxy.send(correlationId, replayer);
    }

    @Override
    public void onControl(
        final long correlationId, final int replayId, final ReplayAction action, final long value, final double speed)
    {
        for (final Session session : sessions)
        {
            if (session.replayer.options().replayId() == replayId)
            {
                new ReplayerControl(session.replayer, statusProxy).onControl(
                    correlationId, replayId, action, value, speed);
            }
        }
    }

    /**
     * @return replays running.
     */
    public int sessionCount()
    {
        return sessions.size();
    }

    @Override
    public void onClose()
    {
        for (final Session session : sessions)
        {
            session.close();
        }
        sessions.clear();
        CloseHelper.closeAll(control, statusPublication);
    }

    private static final class Session
    {
        final Replayer replayer;
        final ExclusivePublication publication;
        long lastConnectedNs;

        Session(final Replayer replayer, final ExclusivePublication publication, final long nowNs)
        {
            this.replayer = replayer;
            this.publication = publication;
            this.lastConnectedNs = nowNs;
        }

        void close()
        {
            CloseHelper.closeAll(replayer, publication);
        }
    }
}
