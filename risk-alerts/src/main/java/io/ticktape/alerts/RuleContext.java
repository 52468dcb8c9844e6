package io.ticktape.alerts;

import io.ticktape.kernel.KernelConfiguration;

/**
 * What rules are checked against: the kernel they read (whether its operators run, its price windows, the
 * thresholds below which it publishes no score).
 *
 * @param kernel the kernel's configuration.
 */
public record RuleContext(KernelConfiguration kernel)
{
    /** Stages with a latency histogram. */
    static final String[] STAGES = { "kernel" };
    /** Ring consumers with a backlog, and max for the largest. */
    static final String[] CONSUMERS = { "kernel", "journal", "publisher", "max" };

    /**
     * @return a context for the kernel's defaults.
     */
    public static RuleContext defaults()
    {
        return new RuleContext(KernelConfiguration.defaults());
    }
}
