package io.ticktape.replay;

import io.ticktape.protocol.sbe.ReplayAction;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Applies ReplayControl messages addressed to one {@link Replayer} (its id, or 0 for every replay) and answers each
 * with a ReplayStatus. Runs on the replayer's thread.
 */
public final class ReplayerControl implements ReplayControlListener
{
    private static final Logger LOG = System.getLogger(ReplayerControl.class.getName());

    private final Replayer replayer;
    private final ReplayStatusProxy statusProxy;

    /**
     * @param replayer    to steer.
     * @param statusProxy to answer on; null not to answer.
     */
    public ReplayerControl(final Replayer replayer, final ReplayStatusProxy statusProxy)
    {
        this.replayer = replayer;
        this.statusProxy = statusProxy;
    }

    @Override
    public void onControl(
        final long correlationId, final int replayId, final ReplayAction action, final long value, final double speed)
    {
        if (replayId != 0 && replayId != replayer.options().replayId())
        {
            return;
        }
        try
        {
            apply(action, value, speed);
        }
        catch (final IllegalArgumentException ex)
        {
            LOG.log(Level.WARNING, "replay control {0} ignored: {1}", action, ex.getMessage());
        }
        if (null != statusProxy)
        {
            statusProxy.send(correlationId, replayer);
        }
    }

    private void apply(final ReplayAction action, final long value, final double speed)
    {
        switch (action)
        {
            case PAUSE:
                replayer.pause();
                break;
            case RESUME:
                replayer.resume();
                break;
            case STEP:
                replayer.step(value);
                break;
            case SPEED:
                replayer.speed(speed);
                break;
            case SEEK_TIME:
                replayer.seek(ReplayPoint.time(value));
                break;
            case SEEK_SEQ:
                replayer.seek(ReplayPoint.seq(value));
                break;
            case STOP:
                replayer.stop();
                break;
            default:
                break;
        }
        LOG.log(Level.INFO, "replay {0}: {1} {2} -> {3}", replayer.options().replayId(), action,
            action == ReplayAction.SPEED ? ReplaySpeed.toString(speed) : Long.toString(value), replayer.state());
    }
}
