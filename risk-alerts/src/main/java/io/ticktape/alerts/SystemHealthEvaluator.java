package io.ticktape.alerts;

import io.ticktape.protocol.sbe.AlertState;
import io.ticktape.protocol.status.Counters;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates the system-health rules (stage latency p99, ring backlog, dropped and malformed frame rates) from the
 * engine's counters, on a timer thread of its own: never per tick, never on the kernel thread. Time here is wall-clock
 * time (epoch ns), and an alert carries the kernel's last global sequence at the moment of evaluation.
 */
public final class SystemHealthEvaluator
{
    private static final byte[] NO_SYMBOL = new byte[16];

    private final HealthProbe probe;
    private final AlertEventWriter writer;
    private final AlertEvaluator source;
    private final Map<CompiledRule, RuleState> states = new IdentityHashMap<>();
    private final AtomicCounter raisedCounter;
    private final AtomicCounter clearedCounter;
    private CompiledRules active = CompiledRules.EMPTY;
    private long previousNs = Long.MIN_VALUE;
    private long previousDropped;
    private long previousMalformed;
    private long rankSeq = Long.MIN_VALUE;
    private int rank;

    /**
     * @param probe    reads the engine's counters.
     * @param output   receives encoded alerts (shared with the kernel thread's evaluator: must be thread-safe).
     * @param source   whose published rules to follow.
     * @param counters where {@code alerts.system_raised} and {@code alerts.system_cleared} live.
     */
    public SystemHealthEvaluator(
        final HealthProbe probe, final AlertOutput output, final AlertEvaluator source, final Counters counters)
    {
        this.probe = probe;
        this.writer = new AlertEventWriter(output);
        this.source = source;
        raisedCounter = counters.newCounter("alerts.system_raised");
        clearedCounter = counters.newCounter("alerts.system_cleared");
    }

    /**
     * Evaluate every system rule once.
     *
     * @param nowNs wall-clock time, epoch ns.
     */
    public void evaluate(final long nowNs)
    {
        final CompiledRules rules = source.rules();
        if (rules != active)
        {
            swap(rules, nowNs);
        }
        final long dropped = probe.droppedFrames();
        final long malformed = probe.malformedFrames();
        final double seconds = previousNs == Long.MIN_VALUE ? Double.NaN :
            (double)(nowNs - previousNs) / TimeUnit.SECONDS.toNanos(1);
        final double droppedRate = seconds > 0 ? (dropped - previousDropped) / seconds : Double.NaN;
        final double malformedRate = seconds > 0 ? (malformed - previousMalformed) / seconds : Double.NaN;
        previousNs = nowNs;
        previousDropped = dropped;
        previousMalformed = malformed;
        final long seq = probe.lastGlobalSeq();

        double latencyUs = Double.NaN;
        boolean latencyRead = false;
        for (final CompiledRule rule : rules.systemRules)
        {
            final double value;
            switch (rule.metric)
            {
                case STAGE_LATENCY_P99_US:
                    if (!latencyRead)
                    {
                        // One read per evaluation: the probe's interval restarts on each read.
                        latencyUs = probe.stageLatencyP99Us(rule.stage);
                        latencyRead = true;
                    }
                    value = latencyUs;
                    break;
                case RING_BACKLOG:
                    value = probe.ringBacklog(rule.stage);
                    break;
                case DROPPED_FRAMES_PER_S:
                    value = droppedRate;
                    break;
                default:
                    value = malformedRate;
                    break;
            }
            final RuleState state = states.get(rule);
            final int transition = state.onSample(rule, nowNs, value);
            if (transition == RuleState.RAISE)
            {
                state.raised(nextId(seq), seq);
                writer.write(AlertState.RAISED, rule, state, 0, NO_SYMBOL, seq, nowNs, value);
                raisedCounter.incrementRelease();
            }
            else if (transition == RuleState.CLEAR)
            {
                writer.write(AlertState.CLEARED, rule, state, 0, NO_SYMBOL, seq, nowNs, value);
                clearedCounter.incrementRelease();
            }
        }
    }

    private long nextId(final long seq)
    {
        // Ids from the upper half of the tick's range, so they do not meet the kernel thread's (from the bottom).
        if (seq != rankSeq)
        {
            rankSeq = seq;
            rank = 0;
        }
        final int half = AlertEvaluator.IDS_PER_TICK / 2;
        return seq * AlertEvaluator.IDS_PER_TICK + half + Math.min(rank++, half - 1);
    }

    private void swap(final CompiledRules rules, final long nowNs)
    {
        final Map<CompiledRule, RuleState> old = new IdentityHashMap<>(states);
        states.clear();
        for (final CompiledRule rule : rules.systemRules)
        {
            final RuleState state = new RuleState();
            for (final Map.Entry<CompiledRule, RuleState> entry : old.entrySet())
            {
                if (entry.getKey().sameAs(rule))
                {
                    state.copyFrom(entry.getValue());
                    old.remove(entry.getKey());
                    break;
                }
            }
            states.put(rule, state);
        }
        for (final Map.Entry<CompiledRule, RuleState> entry : old.entrySet())
        {
            if (entry.getValue().isRaised())
            {
                writer.write(AlertState.CLEARED, entry.getKey(), entry.getValue(), 0, NO_SYMBOL,
                    probe.lastGlobalSeq(), nowNs, Double.NaN);
                clearedCounter.incrementRelease();
            }
        }
        active = rules;
    }
}
