package io.ticktape.kernel.ops;

/**
 * Flags an instrument that has had no update within a budget. Evaluated at a time the caller gives: the latest
 * tick time, or a timer driven by tick time or an injected clock, never the wall clock.
 * <p>
 * <b>Boundary.</b> Stale at {@code now} when no update lies in {@code (now - budget, now]}, i.e.
 * {@code now - lastUpdate >= budget}: an update at {@code u} keeps the instrument fresh over {@code [u, u + budget)}.
 * This is the time-window convention of every operator in this package.
 * <p>
 * <b>Arming.</b> Until the first update or {@link #arm} there is nothing to be late for, so the detector is never
 * stale; arm it when the instrument is defined or the session opens, so one that never trades is caught too.
 * <p>
 * {@link #poll} is edge-triggered (true once per stale episode, for publishing one alert); {@link #isStale} and
 * {@link #score} are levels. The score is {@code silence / budget}: below 1 fresh, 1 and above stale.
 * <p>
 * Single writer; allocation-free.
 */
public final class StaleDetector
{
    private final long budgetNs;
    private boolean armed;
    private boolean reported;
    private long lastUpdateNs;
    private long staleEpisodes;

    /**
     * @param budgetNs the longest silence that is not stale, positive.
     */
    public StaleDetector(final long budgetNs)
    {
        if (budgetNs <= 0)
        {
            throw new IllegalArgumentException("budget must be positive: " + budgetNs);
        }
        this.budgetNs = budgetNs;
    }

    /**
     * Start watching from {@code nowNs} as if an update had come then (without counting one).
     *
     * @param nowNs start of the watch.
     */
    public void arm(final long nowNs)
    {
        armed = true;
        reported = false;
        lastUpdateNs = nowNs;
    }

    /**
     * Stop watching (instrument halted or session closed).
     */
    public void disarm()
    {
        armed = false;
        reported = false;
    }

    /**
     * Record an update. An update stamped before the latest one changes nothing.
     *
     * @param timeNs update time.
     * @return true when this update ends a stale episode that {@link #poll} reported.
     */
    public boolean onUpdate(final long timeNs)
    {
        if (armed && timeNs < lastUpdateNs)
        {
            return false;
        }
        final boolean wasReported = reported;
        armed = true;
        reported = false;
        lastUpdateNs = timeNs;
        return wasReported;
    }

    /**
     * @param nowNs evaluation time.
     * @return whether stale at {@code nowNs}.
     */
    public boolean isStale(final long nowNs)
    {
        return armed && nowNs - lastUpdateNs >= budgetNs;
    }

    /**
     * Edge-triggered check.
     *
     * @param nowNs evaluation time.
     * @return true the first time the instrument is found stale in an episode; false until an update ends it.
     */
    public boolean poll(final long nowNs)
    {
        if (!reported && isStale(nowNs))
        {
            reported = true;
            staleEpisodes++;
            return true;
        }
        return false;
    }

    /**
     * @param nowNs evaluation time.
     * @return {@code silence / budget}; 0 when unarmed or {@code nowNs} is before the last update.
     */
    public double score(final long nowNs)
    {
        return armed ? Math.max(0L, nowNs - lastUpdateNs) / (double)budgetNs : 0.0;
    }

    /**
     * @param nowNs evaluation time.
     * @return ns since the last update (or arming); 0 when unarmed.
     */
    public long silenceNs(final long nowNs)
    {
        return armed ? Math.max(0L, nowNs - lastUpdateNs) : 0L;
    }

    /**
     * @return time of the last update or arming.
     */
    public long lastUpdateNs()
    {
        return lastUpdateNs;
    }

    /**
     * @return the budget in ns.
     */
    public long budgetNs()
    {
        return budgetNs;
    }

    /**
     * @return stale episodes reported by {@link #poll}.
     */
    public long staleEpisodes()
    {
        return staleEpisodes;
    }
}
