package io.ticktape.alerts;

import io.ticktape.protocol.sbe.AlertMetric;
import io.ticktape.protocol.sbe.AlertSubject;

/**
 * What a rule can watch, where the value comes from, and the thresholds a rule gets when it names none.
 * Magnitudes are compared (a move down is a move): raise when {@code value >= raiseAbove}, clear when
 * {@code value < clearBelow}.
 */
public enum Metric
{
    /** 100 * (max - min) / |mean| of trade prices over one of the kernel's price windows (Statistics). */
    PRICE_MOVE_PCT("priceMovePct", AlertMetric.PRICE_MOVE_PCT, AlertSubject.INSTRUMENT, Kind.LEVEL, true, 1.0),
    /** |return z-score| (AnomalyScore RETURN_ZSCORE; a trade without one reads 0). */
    RETURN_ZSCORE("returnZScore", AlertMetric.RETURN_ZSCORE, AlertSubject.INSTRUMENT, Kind.LEVEL, true, 4.0),
    /** The ensemble anomaly score in [0, 1] (Statistics). */
    ENSEMBLE("ensemble", AlertMetric.ENSEMBLE, AlertSubject.INSTRUMENT, Kind.LEVEL, true, 0.8),
    /** Quoted spread in basis points of the mid (two-sided quotes with a positive mid). */
    SPREAD_BPS("spreadBps", AlertMetric.SPREAD_BPS, AlertSubject.INSTRUMENT, Kind.LEVEL, false, 50.0),
    /** Trade size over its baseline (AnomalyScore VOLUME_SPIKE; a trade without one reads 0). */
    VOLUME_SPIKE("volumeSpike", AlertMetric.VOLUME_SPIKE, AlertSubject.INSTRUMENT, Kind.LEVEL, true, 10.0),
    /** |last - session VWAP| / |VWAP| in basis points (VwapUpdate). */
    VWAP_DEVIATION_BPS("vwapDeviationBps", AlertMetric.VWAP_DEVIATION_BPS, AlertSubject.INSTRUMENT, Kind.LEVEL,
        false, 100.0),
    /** 1 while the instrument's quote is crossed (AnomalyScore CROSSED_QUOTE), 0 on its next uncrossed quote. */
    CROSSED_QUOTE("crossedQuote", AlertMetric.CROSSED_QUOTE, AlertSubject.INSTRUMENT, Kind.CONDITION, true, 1.0),
    /** 1 while the instrument's quote is locked (AnomalyScore LOCKED_QUOTE). */
    LOCKED_QUOTE("lockedQuote", AlertMetric.LOCKED_QUOTE, AlertSubject.INSTRUMENT, Kind.CONDITION, true, 1.0),
    /** 1 from the kernel's STALE score until the instrument's next trade or quote. */
    STALE_INSTRUMENT("staleInstrument", AlertMetric.STALE_INSTRUMENT, AlertSubject.INSTRUMENT, Kind.CONDITION, true,
        1.0),
    /** Line sequence numbers lost on a channel (GAP ticks from the sequencer); clears after clearAfter. */
    FEED_GAP("feedGap", AlertMetric.FEED_GAP, AlertSubject.CHANNEL, Kind.EVENT, false, 1.0),
    /** 1 from a channel's STALE status tick until its ACTIVE one. */
    STALE_CHANNEL("staleChannel", AlertMetric.STALE_CHANNEL, AlertSubject.CHANNEL, Kind.CONDITION, false, 1.0),
    /** p99 of a stage's latency over the last health interval, in microseconds (timer). */
    STAGE_LATENCY_P99_US("stageLatencyP99Us", AlertMetric.STAGE_LATENCY_P99_US, AlertSubject.SYSTEM, Kind.LEVEL,
        false, 1000.0),
    /** Ticks sequenced that a ring consumer has not processed yet (timer). */
    RING_BACKLOG("ringBacklog", AlertMetric.RING_BACKLOG, AlertSubject.SYSTEM, Kind.LEVEL, false, 32768.0),
    /** Frames dropped per second over the last health interval (timer). */
    DROPPED_FRAMES_PER_S("droppedFramesPerS", AlertMetric.DROPPED_FRAMES_PER_S, AlertSubject.SYSTEM, Kind.LEVEL,
        false, 1.0),
    /** Malformed frames per second over the last health interval (timer). */
    MALFORMED_FRAMES_PER_S("malformedFramesPerS", AlertMetric.MALFORMED_FRAMES_PER_S, AlertSubject.SYSTEM,
        Kind.LEVEL, false, 1.0);

    /** How a metric's value behaves over time. */
    public enum Kind
    {
        /** A level sampled on every update: hysteresis between raiseAbove and clearBelow. */
        LEVEL,
        /** 1 or 0: raised while it holds. */
        CONDITION,
        /** A count at one moment: raised by an event, cleared after a quiet clearAfter. */
        EVENT
    }

    private static final Metric[] VALUES = values();

    private final String yamlName;
    private final AlertMetric code;
    private final AlertSubject subject;
    private final Kind kind;
    private final boolean needsKernelOperators;
    private final double defaultRaise;

    Metric(
        final String yamlName,
        final AlertMetric code,
        final AlertSubject subject,
        final Kind kind,
        final boolean needsKernelOperators,
        final double defaultRaise)
    {
        this.yamlName = yamlName;
        this.code = code;
        this.subject = subject;
        this.kind = kind;
        this.needsKernelOperators = needsKernelOperators;
        this.defaultRaise = defaultRaise;
    }

    /**
     * @param name as written in a rules file (case-insensitive).
     * @return the metric, or null.
     */
    public static Metric of(final String name)
    {
        for (final Metric metric : VALUES)
        {
            if (metric.yamlName.equalsIgnoreCase(name) || metric.name().equalsIgnoreCase(name))
            {
                return metric;
            }
        }
        return null;
    }

    /**
     * @return every name a rules file may use, for error messages.
     */
    public static String names()
    {
        final StringBuilder names = new StringBuilder();
        for (final Metric metric : VALUES)
        {
            names.append(names.length() == 0 ? "" : ", ").append(metric.yamlName);
        }
        return names.toString();
    }

    /**
     * @return the name in rules files.
     */
    public String yamlName()
    {
        return yamlName;
    }

    /**
     * @return the SBE code.
     */
    public AlertMetric code()
    {
        return code;
    }

    /**
     * @return what the subject of an alert on this metric is.
     */
    public AlertSubject subject()
    {
        return subject;
    }

    /**
     * @return how the value behaves.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return true when the value comes from the kernel's streaming operators (kernel.enabled).
     */
    public boolean needsKernelOperators()
    {
        return needsKernelOperators;
    }

    /**
     * @return raiseAbove when the rule gives none.
     */
    public double defaultRaise()
    {
        return defaultRaise;
    }

    @Override
    public String toString()
    {
        return yamlName;
    }
}
