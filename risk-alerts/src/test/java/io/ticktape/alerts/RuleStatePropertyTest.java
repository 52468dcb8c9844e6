package io.ticktape.alerts;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RuleState} against a naive reference that re-reads the history: raise on sample i when no alert is raised,
 * and the run of samples at or above raiseAbove that ends at i, counted from its first sample outside the cooldown,
 * has lasted minDuration; clear on the first sample below clearBelow.
 */
class RuleStatePropertyTest
{
    record Sample(long dtNs, double value)
    {
    }

    record Case(double raise, double clear, long minDurationNs, long cooldownNs, List<Sample> samples)
    {
    }

    @Provide
    Arbitrary<Case> cases()
    {
        final Arbitrary<Sample> sample = Combinators.combine(
            Arbitraries.longs().between(0, 50), Arbitraries.integers().between(0, 10))
            .as((dt, v) -> new Sample(dt, v));
        return Combinators.combine(
            Arbitraries.integers().between(1, 10),
            Arbitraries.integers().between(0, 10),
            Arbitraries.longs().between(0, 100),
            Arbitraries.longs().between(0, 200),
            sample.list().ofMinSize(1).ofMaxSize(300))
            .as((raise, clearOffset, minDuration, cooldown, samples) -> new Case(
                raise, Math.max(0, raise - clearOffset), minDuration, cooldown, samples));
    }

    @Property(tries = 300)
    void shouldMatchTheNaiveReference(@ForAll("cases") final Case c)
    {
        final AlertRule source = new AlertRule();
        source.name = "p";
        source.metric = "spreadBps";
        final CompiledRule rule = new CompiledRule(0, source, Metric.SPREAD_BPS,
            io.ticktape.protocol.sbe.AlertSeverity.WARNING, -1, c.raise(), c.clear(), c.minDurationNs(),
            c.cooldownNs(), 1);
        final RuleState state = new RuleState();
        final List<String> actual = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < c.samples().size(); i++)
        {
            t += c.samples().get(i).dtNs();
            final int transition = state.onSample(rule, t, c.samples().get(i).value());
            if (transition != RuleState.NONE)
            {
                actual.add((transition == RuleState.RAISE ? "R" : "C") + i);
            }
        }
        assertThat(actual).isEqualTo(reference(c));
    }

    private static List<String> reference(final Case c)
    {
        final int n = c.samples().size();
        final long[] time = new long[n];
        long t = 0;
        for (int i = 0; i < n; i++)
        {
            t += c.samples().get(i).dtNs();
            time[i] = t;
        }
        final List<String> out = new ArrayList<>();
        boolean raised = false;
        long cooldownUntil = Long.MIN_VALUE;
        int lastClear = -1;
        for (int i = 0; i < n; i++)
        {
            final double v = c.samples().get(i).value();
            if (raised)
            {
                if (v < c.clear())
                {
                    raised = false;
                    lastClear = i;
                    cooldownUntil = c.cooldownNs() > 0 ? time[i] + c.cooldownNs() : Long.MIN_VALUE;
                    out.add("C" + i);
                }
                continue;
            }
            if (v < c.raise())
            {
                continue;
            }
            // The run of samples >= raise ending at i, after the last clear.
            int runStart = i;
            while (runStart - 1 > lastClear && c.samples().get(runStart - 1).value() >= c.raise())
            {
                runStart--;
            }
            // Pending starts at the run's first sample outside the cooldown; a raise inside the run ends it.
            int pendingStart = -1;
            for (int j = runStart; j <= i; j++)
            {
                if (time[j] >= cooldownUntil)
                {
                    pendingStart = j;
                    break;
                }
            }
            if (pendingStart >= 0 && time[i] - time[pendingStart] >= c.minDurationNs())
            {
                raised = true;
                out.add("R" + i);
            }
        }
        return out;
    }
}
