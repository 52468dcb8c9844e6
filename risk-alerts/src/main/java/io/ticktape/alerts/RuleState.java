package io.ticktape.alerts;

/**
 * One rule's state for one subject (an instrument, a channel, the system): the alert lifecycle with hysteresis,
 * minimum duration, cooldown and de-duplication, driven by samples in tick time. Allocation-free; owned by one
 * thread.
 * <pre>
 *              value >= raise, not cooling down           held >= minDuration
 *   IDLE ------------------------------------> PENDING --------------------------> RAISED
 *    ^  (minDuration 0: straight to RAISED)       | value < raise                    |  value >= clear: suppressed
 *    |                                             v                                  |  (counted, peak kept)
 *    +------------------------------------------ IDLE <------- value < clear ---------+  (event metrics: a quiet
 *                                             cooldown starts at the clear                clearAfter clears)
 * </pre>
 */
public final class RuleState
{
    /** Nothing happened. */
    public static final int NONE = 0;
    /** The sample raised an alert. */
    public static final int RAISE = 1;
    /** The sample cleared the alert. */
    public static final int CLEAR = 2;

    static final int IDLE = 0;
    static final int PENDING = 1;
    static final int RAISED = 2;

    int state = IDLE;
    long pendingSinceNs;
    long cooldownUntilNs = Long.MIN_VALUE;
    long alertId;
    long raisedSeq;
    long raisedTimeNs;
    long lastEventNs;
    double peak;
    long suppressed;
    boolean acknowledged;

    /**
     * Feed a level or condition sample.
     *
     * @param rule   the rule.
     * @param timeNs sample time (tick time), not decreasing.
     * @param value  the sample; NaN: no information (ignored).
     * @return {@link #NONE}, {@link #RAISE} or {@link #CLEAR}.
     */
    public int onSample(final CompiledRule rule, final long timeNs, final double value)
    {
        if (Double.isNaN(value))
        {
            return NONE;
        }
        switch (state)
        {
            case IDLE:
                if (value >= rule.raiseAbove && timeNs >= cooldownUntilNs)
                {
                    if (rule.minDurationNs <= 0)
                    {
                        return raise(timeNs, value);
                    }
                    state = PENDING;
                    pendingSinceNs = timeNs;
                }
                return NONE;

            case PENDING:
                if (value < rule.raiseAbove)
                {
                    state = IDLE;
                    return NONE;
                }
                if (timeNs - pendingSinceNs >= rule.minDurationNs)
                {
                    return raise(timeNs, value);
                }
                return NONE;

            default:
                if (rule.metric.kind() == Metric.Kind.EVENT)
                {
                    if (value >= rule.raiseAbove)
                    {
                        lastEventNs = timeNs;
                        suppress(value);
                    }
                    return NONE;
                }
                if (value < rule.clearBelow)
                {
                    return clear(rule, timeNs);
                }
                suppress(value);
                return NONE;
        }
    }

    /**
     * Time passing without a sample: clears an event alert after its quiet {@code clearAfter}.
     *
     * @param rule   the rule.
     * @param timeNs now, in tick time.
     * @return {@link #NONE} or {@link #CLEAR}.
     */
    public int onTime(final CompiledRule rule, final long timeNs)
    {
        if (state == RAISED && rule.metric.kind() == Metric.Kind.EVENT && timeNs - lastEventNs >= rule.clearAfterNs)
        {
            return clear(rule, timeNs);
        }
        return NONE;
    }

    /**
     * Called by the evaluator once it has given a raised alert its identity.
     *
     * @param id  the alert's id.
     * @param seq global sequence of the raising tick.
     */
    void raised(final long id, final long seq)
    {
        alertId = id;
        raisedSeq = seq;
    }

    /**
     * Take over another state (a reload that keeps an unchanged rule).
     *
     * @param other the old state.
     */
    void copyFrom(final RuleState other)
    {
        state = other.state;
        pendingSinceNs = other.pendingSinceNs;
        cooldownUntilNs = other.cooldownUntilNs;
        alertId = other.alertId;
        raisedSeq = other.raisedSeq;
        raisedTimeNs = other.raisedTimeNs;
        lastEventNs = other.lastEventNs;
        peak = other.peak;
        suppressed = other.suppressed;
        acknowledged = other.acknowledged;
    }

    /**
     * @return true while an alert is raised.
     */
    public boolean isRaised()
    {
        return state == RAISED;
    }

    /**
     * @return breaches while raised, since the raise.
     */
    public long suppressed()
    {
        return suppressed;
    }

    /**
     * @return the largest value while raised.
     */
    public double peak()
    {
        return peak;
    }

    private int raise(final long timeNs, final double value)
    {
        state = RAISED;
        raisedTimeNs = timeNs;
        lastEventNs = timeNs;
        peak = value;
        suppressed = 0;
        acknowledged = false;
        return RAISE;
    }

    private int clear(final CompiledRule rule, final long timeNs)
    {
        state = IDLE;
        cooldownUntilNs = rule.cooldownNs > 0 ? timeNs + rule.cooldownNs : Long.MIN_VALUE;
        return CLEAR;
    }

    private void suppress(final double value)
    {
        suppressed++;
        if (value > peak)
        {
            peak = value;
        }
    }
}
