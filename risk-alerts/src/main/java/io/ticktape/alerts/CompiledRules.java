package io.ticktape.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable, checked rule set. The evaluators see a new set through one volatile reference (published by the
 * watcher thread, read by the kernel and timer threads), so a reload takes no lock on the kernel thread.
 */
public final class CompiledRules
{
    /** No rules. */
    public static final CompiledRules EMPTY = new CompiledRules("(none)", new CompiledRule[0]);

    final String origin;
    final CompiledRule[] all;
    final CompiledRule[] instrumentRules;
    final CompiledRule[] channelRules;
    final CompiledRule[] systemRules;

    CompiledRules(final String origin, final CompiledRule[] rules)
    {
        this.origin = origin;
        this.all = rules.clone();
        final List<CompiledRule> instrument = new ArrayList<>();
        final List<CompiledRule> channel = new ArrayList<>();
        final List<CompiledRule> system = new ArrayList<>();
        for (final CompiledRule rule : rules)
        {
            switch (rule.metric.subject())
            {
                case INSTRUMENT:
                    instrument.add(rule);
                    break;
                case CHANNEL:
                    channel.add(rule);
                    break;
                default:
                    system.add(rule);
                    break;
            }
        }
        instrumentRules = instrument.toArray(new CompiledRule[0]);
        channelRules = channel.toArray(new CompiledRule[0]);
        systemRules = system.toArray(new CompiledRule[0]);
    }

    /**
     * @return how many rules are active.
     */
    public int size()
    {
        return all.length;
    }

    /**
     * @return where the rules came from (a file name).
     */
    public String origin()
    {
        return origin;
    }

    /**
     * @return the rules, in file order.
     */
    public List<CompiledRule> rules()
    {
        return List.of(all);
    }

    /**
     * @param name a rule name.
     * @return the rule, or null.
     */
    public CompiledRule rule(final String name)
    {
        for (final CompiledRule rule : all)
        {
            if (rule.name.equals(name))
            {
                return rule;
            }
        }
        return null;
    }
}
