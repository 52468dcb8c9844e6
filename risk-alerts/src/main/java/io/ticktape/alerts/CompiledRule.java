package io.ticktape.alerts;

import io.ticktape.protocol.sbe.AlertSeverity;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A checked rule, immutable, in the form the evaluators read on their hot paths: primitives and one pre-encoded
 * name. Two compiled rules are the same rule when their source definitions are equal, which is what lets a reload
 * keep the state of rules it did not change.
 */
public final class CompiledRule
{
    final int index;
    final String name;
    final byte[] nameBytes;
    final Metric metric;
    final AlertSeverity severity;
    final Pattern symbols;
    final boolean allSymbols;
    final int windowIndex;
    final String stage;
    final double raiseAbove;
    final double clearBelow;
    final long minDurationNs;
    final long cooldownNs;
    final long clearAfterNs;
    final AlertRule source;

    CompiledRule(
        final int index,
        final AlertRule source,
        final Metric metric,
        final AlertSeverity severity,
        final int windowIndex,
        final double raiseAbove,
        final double clearBelow,
        final long minDurationNs,
        final long cooldownNs,
        final long clearAfterNs)
    {
        this.index = index;
        this.source = source;
        this.name = source.name;
        this.nameBytes = source.name.getBytes(StandardCharsets.UTF_8);
        this.metric = metric;
        this.severity = severity;
        this.allSymbols = "*".equals(source.symbols) || "all".equalsIgnoreCase(source.symbols);
        this.symbols = glob(source.symbols);
        this.windowIndex = windowIndex;
        this.stage = source.stage;
        this.raiseAbove = raiseAbove;
        this.clearBelow = clearBelow;
        this.minDurationNs = minDurationNs;
        this.cooldownNs = cooldownNs;
        this.clearAfterNs = clearAfterNs;
    }

    /**
     * @param symbol an instrument's symbol; empty before its definition is seen.
     * @return true when this rule watches that instrument.
     */
    public boolean matches(final String symbol)
    {
        return allSymbols || symbols.matcher(symbol).matches();
    }

    /**
     * @return the rule's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return what it watches.
     */
    public Metric metric()
    {
        return metric;
    }

    /**
     * @return raise threshold.
     */
    public double raiseAbove()
    {
        return raiseAbove;
    }

    /**
     * @return clear threshold.
     */
    public double clearBelow()
    {
        return clearBelow;
    }

    /**
     * @return the minimum duration before a raise.
     */
    public long minDurationNs()
    {
        return minDurationNs;
    }

    /**
     * @return the cooldown after a clear.
     */
    public long cooldownNs()
    {
        return cooldownNs;
    }

    /**
     * @return event metrics: the quiet time that clears.
     */
    public long clearAfterNs()
    {
        return clearAfterNs;
    }

    /**
     * @param other a rule of another rule set.
     * @return true when both come from the same definition.
     */
    public boolean sameAs(final CompiledRule other)
    {
        return source.equals(other.source);
    }

    static Pattern glob(final String glob)
    {
        final StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++)
        {
            final char c = glob.charAt(i);
            if (c == '*')
            {
                regex.append(".*");
            }
            else if (c == '?')
            {
                regex.append('.');
            }
            else
            {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString()
    {
        return name + " (" + metric + ")";
    }
}
